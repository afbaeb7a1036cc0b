package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.kurir.support.Downstream;
import io.kurir.support.Downstream.Answer;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.telegram.model.MessageResult;
import org.apache.camel.component.whatsapp.model.MessageResponse;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** camel-telegram and camel-whatsapp, as installed by Kurir, against a local server that answers like their APIs. */
class ChannelHttpClientTest {

    private static final String TOKEN = "123456:S3cr3t-bot-token";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    private static Downstream api;
    private static DefaultCamelContext context;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        api = new Downstream();
        context = new DefaultCamelContext();
        ChannelHttpClient.install(context);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from("direct:telegram").to("telegram:bots?authorizationToken=RAW(" + TOKEN + ")&chatId=42&baseUri=" + api.url(""));
                from("direct:whatsapp").to("whatsapp:1055?authorizationToken=wa-token&apiVersion=v21.0&baseUri=" + api.url(""));
            }
        });
        context.start();
        template = context.createProducerTemplate();
    }

    @AfterAll
    static void stop() {
        context.stop();
        api.close();
    }

    @BeforeEach
    void reset() {
        api.reset();
    }

    private static Exchange telegram() {
        return template.send("direct:telegram", e -> e.getMessage().setBody("hello"));
    }

    private static Exchange whatsapp() {
        return template.send("direct:whatsapp", e -> e.getMessage().setBody(new WhatsAppMessages().text("0812-3456-7890", "hello")));
    }

    @Test
    void failsTelegramsSendWithItsRefusalsStatusBodyAndRetryAfter() {
        api.answer(new Answer(429, JSON, "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 2\","
                + "\"parameters\":{\"retry_after\":2}}"));

        AttemptOutcome outcome = AttemptOutcome.of(telegram());

        assertEquals(429, outcome.statusCode());
        assertEquals("HTTP 429", outcome.error());
        assertTrue(outcome.responseExcerpt().contains("Too Many Requests"), outcome.responseExcerpt());
        assertEquals(2_000, outcome.retryAfterMillis());
    }

    @Test
    void failsWhatsAppsSendWithItsRefusalsStatusBodyAndRetryAfter() {
        api.answer(new Answer(429, Map.of("Content-Type", "application/json", "Retry-After", "7"),
                "{\"error\":{\"message\":\"rate limit hit\",\"code\":130429}}"));

        AttemptOutcome outcome = AttemptOutcome.of(whatsapp());

        assertEquals(429, outcome.statusCode());
        assertTrue(outcome.responseExcerpt().contains("rate limit hit"), outcome.responseExcerpt());
        assertEquals(7_000, outcome.retryAfterMillis());
    }

    @Test
    void namesOnlyTheHostOfTelegramsRefusalNotThePathThatHoldsTheBotToken() {
        api.answer(Answer.status(500, "oops"));

        Exchange exchange = telegram();

        assertEquals(api.url(""), exchange.getException(HttpOperationFailedException.class).getUri());
        StringWriter trace = new StringWriter();
        exchange.getException().printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(TOKEN), trace.toString());
    }

    @Test
    void letsTelegramReadASuccessfulAnswer() {
        api.answer(new Answer(200, JSON,
                "{\"ok\":true,\"result\":{\"message_id\":1,\"date\":0,\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"hello\"}}"));

        Exchange exchange = telegram();

        assertNull(exchange.getException());
        assertTrue(exchange.getMessage().getBody(MessageResult.class).isOk());
    }

    @Test
    void letsWhatsAppReadASuccessfulAnswer() {
        api.answer(new Answer(200, JSON,
                "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],\"messages\":[{\"id\":\"wamid.1\"}]}"));

        Exchange exchange = whatsapp();

        assertNull(exchange.getException());
        assertEquals("wamid.1", exchange.getMessage().getBody(MessageResponse.class).getMessages().get(0).getId());
    }

    @Test
    void failsTheFutureLikeTheJdksClientWhenTheServerCannotBeReached() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        HttpClient client = new ChannelHttpClient(HttpClient.newHttpClient());

        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closed + "/")).build(), HttpResponse.BodyHandlers.ofString());

        ExecutionException failure = assertThrows(ExecutionException.class, answer::get);
        assertInstanceOf(ConnectException.class, failure.getCause());
    }
}
