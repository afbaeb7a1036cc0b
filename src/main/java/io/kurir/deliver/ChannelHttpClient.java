package io.kurir.deliver;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.PushPromiseHandler;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.telegram.TelegramComponent;
import org.apache.camel.component.whatsapp.WhatsAppComponent;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * The HTTP client Kurir gives camel-telegram and camel-whatsapp. Both (4.18) tell an answer outside
 * 2xx only in the message of a plain RuntimeCamelException, no type, no header, and camel-telegram's
 * message holds its URL, bot token included. Through this client such an answer fails the send with
 * an {@link HttpOperationFailedException} instead, as an `http:` send fails: status, headers and
 * body at hand, and only the host in its URI.
 *
 * <p>{@link #sendAsync} waits for the answer and throws: both components call it on the route's
 * thread and let what it throws reach the exchange, whereas camel-whatsapp never learns of a future
 * that fails. A server that cannot be reached still fails the future, as the JDK's client does
 * (camel-whatsapp then never calls back, and DestinationConsumer ends the attempt after half the lease).
 */
public final class ChannelHttpClient extends HttpClient {

    private final HttpClient delegate;

    ChannelHttpClient(HttpClient delegate) {
        this.delegate = delegate;
    }

    /** The client of every Telegram and WhatsApp endpoint that does not bring its own. */
    public static void install(CamelContext context) {
        // as camel-whatsapp builds its own; camel-telegram's has no connect timeout
        HttpClient client = new ChannelHttpClient(
                HttpClient.newBuilder().version(Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build());
        context.getComponent("telegram", TelegramComponent.class).setClient(client);
        context.getComponent("whatsapp", WhatsAppComponent.class).setClient(client);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, BodyHandler<T> handler) throws IOException, InterruptedException {
        HttpResponse<Object> response = delegate.send(request,
                info -> widen(succeeded(info.statusCode()) ? handler.apply(info) : BodyHandlers.ofString().apply(info)));
        if (!succeeded(response.statusCode())) {
            throw new RuntimeCamelException(refusal(request.uri(), response));
        }
        @SuppressWarnings("unchecked")
        HttpResponse<T> answer = (HttpResponse<T>) response;
        return answer;
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler) {
        try {
            return CompletableFuture.completedFuture(send(request, handler));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, BodyHandler<T> handler,
                                                            PushPromiseHandler<T> pushPromiseHandler) {
        throw new UnsupportedOperationException("server push: neither channel asks for it");
    }

    private static boolean succeeded(int status) {
        return status >= 200 && status < 300;
    }

    @SuppressWarnings("unchecked")
    private static BodySubscriber<Object> widen(BodySubscriber<?> subscriber) {
        return (BodySubscriber<Object>) subscriber;
    }

    private static HttpOperationFailedException refusal(URI uri, HttpResponse<Object> response) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((name, values) -> headers.put(name, String.join(", ", values)));
        // the JDK's client does not give the reason phrase
        return new HttpOperationFailedException(origin(uri), response.statusCode(), null,
                response.headers().firstValue("Location").orElse(null), headers, (String) response.body());
    }

    /** Scheme, host and port only: Telegram's path holds the bot token. */
    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    @Override
    public WebSocket.Builder newWebSocketBuilder() {
        return delegate.newWebSocketBuilder();
    }
}
