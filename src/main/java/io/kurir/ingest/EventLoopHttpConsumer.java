package io.kurir.ingest;

import java.util.Map;

import io.kurir.Json;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.DefaultConsumer;

/**
 * A `platform-http` consumer that runs its route on the Vert.x event loop and answers when the
 * route calls back, from whichever thread. Camel's own consumer runs every request on a worker
 * thread, which a webhook held until its group commit: four thread hand-offs per webhook and a
 * thread per webhook in flight. Made for the ingest route, it honours only the endpoint's path and
 * matchOnUriPrefix: the route gets the paused {@link io.vertx.core.http.HttpServerRequest} as its body
 * and answers with the message's body (a string), its {@link Exchange#HTTP_RESPONSE_CODE} and its
 * other non-Camel headers. A request whose body was not read to its end is answered, then closed.
 */
final class EventLoopHttpConsumer extends DefaultConsumer implements PlatformHttpConsumer, Suspendable {

    private final String routerName;
    private Route route;

    EventLoopHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, String routerName) {
        super(endpoint, processor);
        this.routerName = routerName;
    }

    @Override
    public PlatformHttpEndpoint getEndpoint() {
        return (PlatformHttpEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getEndpoint().getCamelContext(), routerName);
        if (router == null) {
            // the server's port was 0 (any free port): Camel names its router after that 0
            router = VertxPlatformHttpRouter.lookup(getEndpoint().getCamelContext(), VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO);
        }
        if (router == null) {
            throw new IllegalStateException("no Vert.x router named " + routerName + " to serve " + getEndpoint().getPath());
        }
        String path = getEndpoint().getPath();
        route = router.route(getEndpoint().isMatchOnUriPrefix() ? path + "*" : path).handler(this::handle);
    }

    @Override
    protected void doStop() throws Exception {
        if (route != null) {
            route.remove();
            route = null;
        }
        super.doStop();
    }

    private void handle(RoutingContext http) {
        if (isSuspended() || !isRunAllowed()) {
            http.response().setStatusCode(503).end();
            return;
        }
        OnEventLoop eventLoop = OnEventLoop.current();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        http.request().pause();
        exchange.getIn().setBody(http.request());
        try {
            createUoW(exchange);
        } catch (Exception e) {
            answer(http, exchange, e);
            return;
        }
        getAsyncProcessor().process(exchange, doneSync -> eventLoop.execute(() -> answer(http, exchange, null)));
    }

    private void answer(RoutingContext http, Exchange exchange, Exception failed) {
        try {
            write(http, exchange, failed != null ? failed : exchange.getException());
        } finally {
            doneUoW(exchange);
            releaseExchange(exchange, false);
        }
    }

    private void write(RoutingContext http, Exchange exchange, Exception failure) {
        HttpServerResponse response = http.response();
        if (response.ended() || response.closed()) {
            return;
        }
        Message message = exchange.getMessage();
        // HTTP/2 (a client may upgrade to it) has no Connection header, and closing would end every stream
        boolean http1 = http.request().version() != HttpVersion.HTTP_2;
        if (failure != null) {
            getExceptionHandler().handleException("Failed handling " + getEndpoint().getPath(), exchange, failure);
            response.setStatusCode(500).putHeader("Content-Type", "application/json")
                    .end(Json.write(Map.of("error", "internal_error", "message", "the webhook could not be handled")));
        } else {
            response.setStatusCode(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
            message.getHeaders().forEach((name, value) -> {
                if (value != null && isAnswerHeader(name, http1)) {
                    response.putHeader(name, value.toString());
                }
            });
            String body = message.getBody(String.class);
            response.end(body == null ? "" : body);
        }
        boolean bodyUnread = !http.request().isEnded();
        if (http1 && (bodyUnread || "close".equalsIgnoreCase(message.getHeader("Connection", String.class)))) {
            // Vert.x would keep the connection paused, its unread body in the way of any next request
            response.close();
        }
    }

    /** Camel's own headers stay in the exchange, and HTTP/2 has no Connection header. */
    private static boolean isAnswerHeader(String name, boolean http1) {
        return !name.regionMatches(true, 0, "Camel", 0, 5) && (http1 || !name.equalsIgnoreCase("Connection"));
    }
}
