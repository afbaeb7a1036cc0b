package io.kurir.verify;

import java.util.Base64;

/**
 * The Standard Webhooks signature, shared by inbound verification and outbound signing: an HMAC-SHA256 of
 * {@code {webhook-id}.{webhook-timestamp}.{body}}, keyed with the base64 part of a {@code whsec_} secret.
 */
public final class StandardWebhooks {

    private static final String SECRET_PREFIX = "whsec_";
    private static final byte[] DOT = {'.'};

    private StandardWebhooks() {
    }

    /**
     * The key bytes of a {@code whsec_<base64>} secret; the prefix is optional.
     *
     * @throws IllegalArgumentException when the rest is not base64 or is empty; the message never quotes the secret
     */
    public static byte[] key(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        byte[] key;
        try {
            key = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // not chained: the decoder's message quotes a character of the secret
            key = new byte[0];
        }
        if (key.length == 0) {
            throw new IllegalArgumentException("secret must be whsec_ followed by base64");
        }
        return key;
    }

    /** A signer for one key, made once: keying an HMAC costs more than signing a webhook with it. */
    public static Signer signer(byte[] key) {
        return new Signer(new Hmac("HmacSHA256", key));
    }

    /** Signs outgoing webhooks with one key, from any thread. */
    public static final class Signer {
        private final Hmac hmac;

        private Signer(Hmac hmac) {
            this.hmac = hmac;
        }

        /** The standard-base64 signature to send after {@code v1,} in {@code webhook-signature}. */
        public String sign(String id, long timestamp, byte[] body) {
            return Base64.getEncoder().encodeToString(mac(hmac, id, Long.toString(timestamp), body));
        }
    }

    /** @param timestamp exactly as it appears in the header, since that text is what was signed */
    public static byte[] mac(Hmac hmac, String id, String timestamp, byte[] body) {
        return hmac.sign(Hmac.utf8(id), DOT, Hmac.utf8(timestamp), DOT, body);
    }
}
