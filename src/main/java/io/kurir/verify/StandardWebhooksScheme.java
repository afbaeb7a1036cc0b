package io.kurir.verify;

/**
 * Standard Webhooks: {@code webhook-signature} lists {@code v1,<base64>} entries, several while the sender
 * rotates secrets; any one matching is enough.
 */
final class StandardWebhooksScheme implements SignatureScheme {

    private final Hmac hmac;
    private final Tolerance tolerance;

    /** @param key the decoded secret, see {@link StandardWebhooks#key(String)} */
    StandardWebhooksScheme(byte[] key, Tolerance tolerance) {
        this.hmac = new Hmac("HmacSHA256", key);
        this.tolerance = tolerance;
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        String id = Headers.required(request, "webhook-id");
        String timestamp = Headers.required(request, "webhook-timestamp");
        String signatures = Headers.required(request, "webhook-signature");
        byte[] expected = StandardWebhooks.mac(hmac, id, timestamp, request.body());
        if (!anyV1Matches(signatures, expected)) {
            throw VerificationFailed.invalid("signature does not match");
        }
        // checked after the signature, so a stale verdict always concerns a genuine delivery
        tolerance.check(timestamp, request.now());
    }

    private static boolean anyV1Matches(String signatures, byte[] expected) {
        for (String entry : signatures.trim().split("\\s+")) {
            if (entry.startsWith("v1,") && Hmac.equal(expected, Hmac.fromBase64(entry.substring(3)))) {
                return true;
            }
        }
        return false;
    }
}
