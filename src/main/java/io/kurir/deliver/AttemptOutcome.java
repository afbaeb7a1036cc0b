package io.kurir.deliver;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * What one run of a destination route amounted to. A thrown exception or an HTTP answer outside
 * 2xx is a failure; the answer's status, the first 4 KiB of its body and its `Retry-After` are kept.
 */
public record AttemptOutcome(boolean succeeded, Integer statusCode, String responseExcerpt, String error, Long retryAfterMillis) {

    static final int EXCERPT_BYTES = 4096;

    public static AttemptOutcome of(Exchange exchange) {
        Exception failure = exchange.getException();
        if (failure instanceof HttpOperationFailedException http) {
            return new AttemptOutcome(false, http.getStatusCode(), excerpt(http.getResponseBody()),
                    "HTTP " + http.getStatusCode() + " " + nullToEmpty(http.getStatusText()).trim(),
                    retryAfter(header(http.getResponseHeaders(), "Retry-After")));
        }
        if (failure != null) {
            return new AttemptOutcome(false, null, null, excerpt(describe(failure)), null);
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
                retryAfter(exchange.getMessage().getHeader("Retry-After", String.class)));
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        return root.getClass().getSimpleName() + message;
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
