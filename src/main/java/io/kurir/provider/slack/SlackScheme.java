package io.kurir.provider.slack;

import io.kurir.verify.Headers;
import io.kurir.verify.Hmac;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.Tolerance;
import io.kurir.verify.VerificationFailed;

/** Slack: {@code X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:{ts}:{body}">}, ts from {@code X-Slack-Request-Timestamp}. */
final class SlackScheme implements SignatureScheme {

    static final String SIGNATURE = "X-Slack-Signature";
    private static final String TIMESTAMP = "X-Slack-Request-Timestamp";
    private static final String VERSION = "v0";

    private final Hmac hmac;
    private final Tolerance tolerance;

    SlackScheme(String secret, Tolerance tolerance) {
        this.hmac = new Hmac("HmacSHA256", Hmac.utf8(secret));
        this.tolerance = tolerance;
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        String signature = Headers.required(request, SIGNATURE);
        String timestamp = Headers.required(request, TIMESTAMP);
        if (!signature.startsWith(VERSION + "=")) {
            throw VerificationFailed.invalid("header " + SIGNATURE + " does not start with " + VERSION + "=");
        }
        byte[] expected = hmac.sign(Hmac.utf8(VERSION + ":" + timestamp + ":"), request.body());
        if (!Hmac.equal(expected, Hmac.fromHex(signature.substring(VERSION.length() + 1)))) {
            throw VerificationFailed.invalid("signature does not match");
        }
        // checked after the signature, so a stale verdict always concerns a genuine delivery
        tolerance.check(timestamp, request.now());
    }
}
