package io.kurir.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.kurir.provider.From;

/**
 * Derives what every provider names differently, the event type and the idempotency key, from the
 * places its {@link io.kurir.provider.Provider} gives. The key is the provider's own delivery id where
 * it sends one, so its retries are recognised; otherwise a SHA-256 of source and raw body, so an
 * identical resend is.
 */
final class Normaliser {

    /** One digest per thread (digest() leaves it ready for the next): looking one up costs a tenth of hashing a webhook. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
    private static final int MAX_KEY_LENGTH = 200;

    static final String FORM_TYPE = "form.submitted";

    private Normaliser() {
    }

    /** The provider's places, else the body's kind: see {@link From#FALLBACK_TYPE}. */
    static String eventType(Source source, Inbound request) {
        String type = From.first(source.typeFrom(), request);
        if (type != null) {
            return type;
        }
        Payload payload = request.payload();
        return switch (payload.kind()) {
            case FORM, MULTIPART -> FORM_TYPE;
            case XML -> payload.xmlRoot();
            case JSON -> "unknown";
        };
    }

    static String idempotencyKey(Source source, Inbound request) {
        String key = From.first(source.keyFrom(), request);
        if (key != null) {
            return key.length() <= MAX_KEY_LENGTH ? key : "sha256:" + sha256(source.name(), key.getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + sha256(source.name(), request.body());
    }

    private static String sha256(String source, byte[] body) {
        MessageDigest digest = SHA256.get();
        digest.update(source.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(body);
        return HexFormat.of().formatHex(digest.digest());
    }
}
