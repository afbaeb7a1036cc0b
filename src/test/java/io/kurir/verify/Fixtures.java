package io.kurir.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Builds schemes from settings and requests from parts, as the gateway would hand them over. */
final class Fixtures {

    private Fixtures() {
    }

    /** @param keyValues alternating setting keys and values of source {@code shop} */
    static SchemeSettings settings(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return new SchemeSettings() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(values.get(key));
            }

            @Override
            public String propertyName(String key) {
                return "kurir.source.shop." + key;
            }
        };
    }

    static SignatureScheme scheme(String name, String... keyValues) {
        return SignatureSchemes.create(name, settings(keyValues));
    }

    static Request request(String body) {
        return new Request(body);
    }

    /** Asserts the scheme rejects the request for that reason and returns the failure, to check its message. */
    static VerificationFailed rejection(SignatureScheme scheme, Request request, VerificationFailed.Reason reason) {
        VerificationFailed failure = assertThrows(VerificationFailed.class, () -> scheme.verify(request.build()));
        assertEquals(reason, failure.reason(), failure.getMessage());
        return failure;
    }

    static VerificationFailed invalid(SignatureScheme scheme, Request request) {
        return rejection(scheme, request, VerificationFailed.Reason.INVALID_SIGNATURE);
    }

    static final class Request {

        private final byte[] body;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final Map<String, String> query = new HashMap<>();
        private Instant now = Instant.ofEpochSecond(1_700_000_000L);

        private Request(String body) {
            this.body = body.getBytes(StandardCharsets.UTF_8);
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request query(String name, String value) {
            query.put(name, value);
            return this;
        }

        Request at(long epochSecond) {
            now = Instant.ofEpochSecond(epochSecond);
            return this;
        }

        SignedRequest build() {
            return new SignedRequest(body.clone(), headers::get, Map.copyOf(query), now);
        }
    }
}
