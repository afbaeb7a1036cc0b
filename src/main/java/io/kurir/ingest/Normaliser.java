package io.kurir.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * Derives what every provider names differently: the event type and the idempotency key. The key is
 * the provider's own delivery id where it sends one, so its retries are recognised; otherwise a
 * SHA-256 of source and raw body, so an identical resend is.
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
    /** Headers in which providers send the event type (GitHub, Shopify). */
    private static final List<String> TYPE_HEADERS = List.of("X-GitHub-Event", "X-Shopify-Topic");
    /** Body fields that name the event: Standard Webhooks and Stripe `type`, Biteship `event`, Sendcloud `action`. */
    private static final List<String> TYPE_FIELDS = List.of("type", "event", "action");
    /** Headers carrying the provider's delivery id. */
    private static final List<String> DELIVERY_ID_HEADERS = List.of("webhook-id", "X-GitHub-Delivery", "X-Shopify-Webhook-Id");

    private static final int MAX_KEY_LENGTH = 200;

    static final String FORM_TYPE = "form.submitted";

    private Normaliser() {
    }

    static String eventType(Payload payload, Function<String, String> headers) {
        for (String header : TYPE_HEADERS) {
            String value = headers.apply(header);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return switch (payload.kind()) {
            case FORM, MULTIPART -> FORM_TYPE;
            case XML -> payload.xmlRoot();
            case JSON -> TYPE_FIELDS.stream().map(payload::field).filter(v -> v != null && !v.isBlank())
                    .findFirst().orElse("unknown");
        };
    }

    static String idempotencyKey(Source source, Payload payload, Function<String, String> headers, byte[] body) {
        for (String header : DELIVERY_ID_HEADERS) {
            String value = headers.apply(header);
            if (value != null && !value.isBlank()) {
                return value.length() <= MAX_KEY_LENGTH ? value.trim() : "sha256:" + sha256(source.name(), value.getBytes(StandardCharsets.UTF_8));
            }
        }
        String stripeEventId = payload.field("id");
        if (source.scheme().equals("stripe") && stripeEventId != null) {
            return stripeEventId;
        }
        return "sha256:" + sha256(source.name(), body);
    }

    private static String sha256(String source, byte[] body) {
        MessageDigest digest = SHA256.get();
        digest.update(source.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(body);
        return HexFormat.of().formatHex(digest.digest());
    }
}
