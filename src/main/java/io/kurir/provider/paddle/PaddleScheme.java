package io.kurir.provider.paddle;

import java.util.ArrayList;
import java.util.List;

import io.kurir.verify.Headers;
import io.kurir.verify.Hmac;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.Tolerance;
import io.kurir.verify.VerificationFailed;

/**
 * Paddle Billing: {@code Paddle-Signature: ts=<unix>;h1=<hex>[;h1=…]}, each h1 an HMAC-SHA256 of
 * {@code {ts}:{body}} keyed with the whole secret string, prefix included; other keys are ignored.
 */
final class PaddleScheme implements SignatureScheme {

    static final String HEADER = "Paddle-Signature";
    private static final byte[] COLON = {':'};

    private final Hmac hmac;
    private final Tolerance tolerance;

    PaddleScheme(String secret, Tolerance tolerance) {
        this.hmac = new Hmac("HmacSHA256", Hmac.utf8(secret));
        this.tolerance = tolerance;
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        String value = Headers.required(request, HEADER);
        String timestamp = null;
        List<String> h1 = new ArrayList<>();
        for (String item : value.split(";")) {
            String[] pair = item.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("ts") && timestamp == null) {
                timestamp = pair[1].trim();
            } else if (pair.length == 2 && pair[0].equals("h1")) {
                h1.add(pair[1].trim());
            }
        }
        if (timestamp == null) {
            throw VerificationFailed.invalid("header " + HEADER + " has no timestamp ts=");
        }
        if (h1.isEmpty()) {
            throw VerificationFailed.invalid("header " + HEADER + " has no h1 signature");
        }
        byte[] expected = hmac.sign(Hmac.utf8(timestamp), COLON, request.body());
        if (h1.stream().noneMatch(hex -> Hmac.equal(expected, Hmac.fromHex(hex)))) {
            throw VerificationFailed.invalid("signature does not match");
        }
        // checked after the signature, so a stale verdict always concerns a genuine delivery
        tolerance.check(timestamp, request.now());
    }
}
