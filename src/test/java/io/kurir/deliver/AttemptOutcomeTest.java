package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.telegram.model.MessageResult;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class AttemptOutcomeTest {

    private final DefaultCamelContext context = new DefaultCamelContext();

    private Exchange failedWith(Exception failure) {
        Exchange exchange = new DefaultExchange(context);
        exchange.setException(failure);
        return exchange;
    }

    private static HttpOperationFailedException refusal(int status, String statusText, Map<String, String> headers, String body) {
        return new HttpOperationFailedException("https://crm.example", status, statusText, null, headers, body);
    }

    @Test
    void keepsTheStatusAndTheBodyOfAnHttpRefusal() {
        AttemptOutcome outcome = AttemptOutcome.of(failedWith(refusal(503, "Service Unavailable", Map.of(), "{\"error\":\"down\"}")));

        assertFalse(outcome.succeeded());
        assertEquals(503, outcome.statusCode());
        assertEquals("{\"error\":\"down\"}", outcome.responseExcerpt());
        assertEquals("HTTP 503 Service Unavailable", outcome.error());
    }

    @Test
    void namesARefusalWithoutReasonPhraseByItsStatusAlone() {
        assertEquals("HTTP 429", AttemptOutcome.of(failedWith(refusal(429, null, Map.of(), ""))).error());
    }

    @Test
    void waitsWhatTheRefusalsRetryAfterHeaderSays() {
        AttemptOutcome outcome = AttemptOutcome.of(failedWith(refusal(429, null, Map.of("retry-after", "7"), "")));

        assertEquals(7_000, outcome.retryAfterMillis());
    }

    @Test
    void waitsTheRetryAfterInTelegramsRefusal() {
        AttemptOutcome outcome = AttemptOutcome.of(failedWith(refusal(429, null, Map.of(),
                "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":3}}")));

        assertEquals(3_000, outcome.retryAfterMillis());
    }

    @Test
    void findsAnHttpRefusalWrappedInOtherExceptions() {
        AttemptOutcome outcome = AttemptOutcome.of(failedWith(new RuntimeException(new RuntimeCamelException(
                refusal(500, null, Map.of(), "oops")))));

        assertEquals(500, outcome.statusCode());
        assertEquals("oops", outcome.responseExcerpt());
    }

    @Test
    void recordsAnyOtherFailureAsItsRootCause() {
        AttemptOutcome outcome = AttemptOutcome.of(failedWith(new RuntimeCamelException(new ConnectException("Connection refused"))));

        assertFalse(outcome.succeeded());
        assertNull(outcome.statusCode());
        assertEquals("ConnectException: Connection refused", outcome.error());
    }

    @Test
    void keepsTheBotTokenOutOfRecordedErrors() {
        // what URI.create throws for a token with a character a URL cannot hold
        IllegalArgumentException badUrl = new IllegalArgumentException(
                new URISyntaxException("https://api.telegram.org/bot123456:AAE secret/sendMessage", "Illegal character in path", 36));

        String error = AttemptOutcome.of(failedWith(badUrl)).error();

        assertFalse(error.contains("AAE"), error);
        assertTrue(error.contains("https://api.telegram.org/bot***/sendMessage"), error);
    }

    @Test
    void failsATelegramAnswerThatSaysOkFalse() {
        Exchange exchange = new DefaultExchange(context);
        MessageResult answer = new MessageResult();
        answer.setOk(false);
        exchange.getMessage().setBody(answer);

        AttemptOutcome outcome = AttemptOutcome.of(exchange);

        assertFalse(outcome.succeeded());
        assertEquals("Telegram answered ok=false", outcome.error());
    }

    @Test
    void failsAnHttpAnswerOutside2xxThatTheRouteDidNotThrow() {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
        exchange.getMessage().setHeader("Retry-After", "30");
        exchange.getMessage().setBody("busy");

        assertEquals(new AttemptOutcome(false, 503, "busy", "HTTP 503", 30_000L), AttemptOutcome.of(exchange));
    }

    @Test
    void succeedsWithA2xxAnswer() {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setBody("{\"id\":1}");

        assertEquals(new AttemptOutcome(true, 201, "{\"id\":1}", null, null), AttemptOutcome.of(exchange));
    }

    @Test
    void succeedsWhenTheRouteEndsWithoutFailureOrStatus() {
        assertEquals(new AttemptOutcome(true, null, null, null, null), AttemptOutcome.of(new DefaultExchange(context)));
    }

    @Test
    void readsRetryAfterAsSecondsOrAsAnHttpDate() {
        assertEquals(30_000, AttemptOutcome.retryAfter("30"));
        assertNull(AttemptOutcome.retryAfter("soon"));
        long fromDate = AttemptOutcome.retryAfter(DateTimeFormatter.RFC_1123_DATE_TIME
                .format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60)));
        assertTrue(fromDate > 55_000 && fromDate <= 60_000, "from date " + fromDate);
    }

    @Test
    void prefersTheRetryAfterHeaderToTelegramsRetryAfter() {
        assertEquals(5_000, AttemptOutcome.retryAfter("5", "{\"parameters\":{\"retry_after\":3}}"));
    }

    @Test
    void cutsResponseExcerptsAt4KiB() {
        String excerpt = AttemptOutcome.excerpt("é".repeat(5_000));

        assertTrue(excerpt.getBytes(StandardCharsets.UTF_8).length <= 4096);
        assertEquals(2048, excerpt.length());
    }
}
