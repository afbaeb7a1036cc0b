package io.kurir.verify;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * What a scheme may look at: the exact raw body bytes, the request headers (looked up
 * case-insensitively, null when absent), the hook URL's query parameters and the current time.
 */
public record SignedRequest(byte[] body, Function<String, String> headers, Map<String, String> query, Instant now) {

    public String header(String name) {
        return headers.apply(name);
    }
}
