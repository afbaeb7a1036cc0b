package io.kurir.deliver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.Json;

import org.apache.camel.Exchange;
import org.apache.camel.component.telegram.model.MessageResult;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * What one run of a destination route amounted to. A thrown exception or an HTTP answer outside
 * 2xx is a failure; the answer's status, the first 4 KiB of its body and its `Retry-After` (or
 * Telegram's `parameters.retry_after`) are kept. An HTTP answer that failed the route is an
 * {@link HttpOperationFailedException} among the failure's causes: camel-http throws one, and so do
 * camel-telegram and camel-whatsapp through Kurir's {@link ChannelHttpClient}.
 */
public record AttemptOutcome(boolean succeeded, Integer statusCode, String responseExcerpt, String error, Long retryAfterMillis) {

    static final int EXCERPT_BYTES = 4096;
    /**
     * Telegram's URLs carry the bot token (`/bot<token>/sendMessage`), and an exception's message may
     * quote one (an unparsable URL's does): used to redact that secret, not to read outcomes. Up to
     * the next slash, spaces included: a token that breaks the URL may well hold one.
     */
    private static final Pattern BOT_TOKEN = Pattern.compile("/bot[^/]+");

    public static AttemptOutcome of(Exchange exchange) {
        HttpOperationFailedException http = exchange.getException(HttpOperationFailedException.class);
        if (http != null) {
            return new AttemptOutcome(false, http.getStatusCode(), excerpt(http.getResponseBody()),
                    ("HTTP " + http.getStatusCode() + " " + nullToEmpty(http.getStatusText())).trim(),
                    retryAfter(header(http.getResponseHeaders(), "Retry-After"), http.getResponseBody()));
        }
        Exception failure = exchange.getException();
        if (failure != null) {
            return new AttemptOutcome(false, null, null, excerpt(redact(describe(failure))), null);
        }
        if (exchange.getMessage().getBody() instanceof MessageResult telegram && !telegram.isOk()) {
            return new AttemptOutcome(false, null, null, "Telegram answered ok=false", null);
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status == null) {
            return new AttemptOutcome(true, null, null, null, null);
        }
        String body = excerpt(exchange.getMessage().getBody(String.class));
        if (status >= 200 && status < 300) {
            return new AttemptOutcome(true, status, body, null, null);
        }
        return new AttemptOutcome(false, status, body, "HTTP " + status,
                retryAfter(exchange.getMessage().getHeader("Retry-After", String.class), body));
    }

    private static String redact(String error) {
        return BOT_TOKEN.matcher(error).replaceAll("/bot***");
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
    }

    /** The `Retry-After` header, else a Telegram-style `{"parameters":{"retry_after":3}}` in the answer. */
    static Long retryAfter(String header, String body) {
        Long fromHeader = retryAfter(header);
        if (fromHeader != null || body == null || !body.contains("retry_after")) {
            return fromHeader;
        }
        try {
            JsonNode seconds = Json.MAPPER.readTree(body).path("parameters").path("retry_after");
            return seconds.canConvertToLong() ? Math.max(0, seconds.asLong()) * 1000 : null;
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    /** `Retry-After` is either delay-seconds or an HTTP date. */
    static Long retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(value.trim())) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, Duration.between(ZonedDateTime.now(at.getZone()), at).toMillis());
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    static String excerpt(String text) {
        if (text == null) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= EXCERPT_BYTES) {
            return text;
        }
        // cut on a character boundary so the excerpt stays valid UTF-8
        String cut = new String(bytes, 0, EXCERPT_BYTES, StandardCharsets.UTF_8);
        return cut.endsWith("\uFFFD") ? cut.substring(0, cut.length() - 1) : cut;
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
