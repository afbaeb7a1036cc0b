package io.kurir.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.kurir.ingest.Sources;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.VerificationFailed;

/** Builds schemes from settings and requests from parts, as the gateway would hand them over. */
public final class Fixtures {

    private Fixtures() {
    }

    /** @param keyValues alternating setting keys and values of source {@code shop} */
    public static SourceSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put("kurir.source.shop." + keyValues[i], keyValues[i + 1]);
        }
        return new SourceSettings("shop", key -> Optional.ofNullable(values.get(key)));
    }

    /** The verifier of source {@code shop} with these settings, as the gateway builds it. */
    public static SignatureScheme scheme(String provider, String... keyValues) {
        return Sources.verifier(Providers.find(provider).orElseThrow(), settings(keyValues));
    }

    public static Request request(String body) {
        return new Request(body);
    }

    /** Asserts the scheme rejects the request for that reason and returns the failure, to check its message. */
    public static VerificationFailed rejection(SignatureScheme scheme, Request request, VerificationFailed.Reason reason) {
        VerificationFailed failure = assertThrows(VerificationFailed.class, () -> scheme.verify(request.build()));
        assertEquals(reason, failure.reason(), failure.getMessage());
        return failure;
    }

    public static VerificationFailed invalid(SignatureScheme scheme, Request request) {
        return rejection(scheme, request, VerificationFailed.Reason.INVALID_SIGNATURE);
    }

    public static final class Request {

        private final byte[] body;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final Map<String, String> query = new HashMap<>();
        private Instant now = Instant.ofEpochSecond(1_700_000_000L);
        private String url = "http://127.0.0.1:8080/hooks/shop";

        private Request(String body) {
            this.body = body.getBytes(StandardCharsets.UTF_8);
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request query(String name, String value) {
            query.put(name, value);
            return this;
        }

        /** The URL the sender posted to, as {@code kurir.public-url} would make it. */
        public Request url(String url) {
            this.url = url;
            return this;
        }

        public Request at(long epochSecond) {
            now = Instant.ofEpochSecond(epochSecond);
            return this;
        }

        public SignedRequest build() {
            return new SignedRequest(body.clone(), headers::get, Map.copyOf(query), () -> url, now);
        }
    }
}
