package io.kurir.verify;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What a scheme may look at: the exact raw body bytes, the request headers (looked up
 * case-insensitively, null when absent), the hook URL's query parameters, the URL as the sender
 * addressed it (see `kurir.public-url`) and the current time.
 */
public record SignedRequest(byte[] body, Function<String, String> headers, Map<String, String> query, Supplier<String> address,
                            Instant now) {

    /** Worked out only for the schemes that sign it (Twilio). */
    public String url() {
        return address.get();
    }

    public String header(String name) {
        return headers.apply(name);
    }
}
