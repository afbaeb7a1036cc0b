package io.kurir.provider.standardwebhooks;

import io.kurir.verify.Hmac;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.StandardWebhooks;
import io.kurir.verify.Tolerance;
import io.kurir.verify.VerificationFailed;

/**
 * Standard Webhooks: {@code webhook-signature} lists {@code v1,<base64>} entries, several while the sender
 * rotates secrets; any one matching is enough. Each header may come in Svix's spelling instead
 * ({@code svix-id}, {@code svix-timestamp}, {@code svix-signature}), read as the svix libraries do.
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
        String id = header(request, "id");
        String timestamp = header(request, "timestamp");
        String signatures = header(request, "signature");
        byte[] expected = StandardWebhooks.mac(hmac, id, timestamp, request.body());
        if (!anyV1Matches(signatures, expected)) {
            throw VerificationFailed.invalid("signature does not match");
        }
        // checked after the signature, so a stale verdict always concerns a genuine delivery
        tolerance.check(timestamp, request.now());
    }

    /** {@code webhook-<name>}, else {@code svix-<name>}. */
    static String header(SignedRequest request, String name) throws VerificationFailed {
        String value = request.header("webhook-" + name);
        if (value == null) {
            value = request.header("svix-" + name);
        }
        if (value == null) {
            throw VerificationFailed.invalid("missing header webhook-" + name + " or svix-" + name);
        }
        return value;
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
