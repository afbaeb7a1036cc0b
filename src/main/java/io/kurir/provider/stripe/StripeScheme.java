package io.kurir.provider.stripe;

import java.util.ArrayList;
import java.util.List;

import io.kurir.verify.Headers;
import io.kurir.verify.Hmac;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.Tolerance;
import io.kurir.verify.VerificationFailed;

/**
 * Stripe: {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=…]}, each v1 an HMAC-SHA256 of {@code {t}.{body}}
 * keyed with the whole {@code whsec_…} string; several v1 appear while the secret is rolled.
 */
final class StripeScheme implements SignatureScheme {

    static final String HEADER = "Stripe-Signature";
    private static final byte[] DOT = {'.'};

    private final Hmac hmac;
    private final Tolerance tolerance;

    StripeScheme(String secret, Tolerance tolerance) {
        this.hmac = new Hmac("HmacSHA256", Hmac.utf8(secret));
        this.tolerance = tolerance;
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        String value = Headers.required(request, HEADER);
        String timestamp = null;
        List<String> v1 = new ArrayList<>();
        for (String item : value.split(",")) {
            String[] pair = item.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t") && timestamp == null) {
                timestamp = pair[1];
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                v1.add(pair[1]);
            }
        }
        if (timestamp == null) {
            throw VerificationFailed.invalid("header " + HEADER + " has no timestamp t=");
        }
        if (v1.isEmpty()) {
            throw VerificationFailed.invalid("header " + HEADER + " has no v1 signature");
        }
        byte[] expected = hmac.sign(Hmac.utf8(timestamp), DOT, request.body());
        if (v1.stream().noneMatch(hex -> Hmac.equal(expected, Hmac.fromHex(hex)))) {
            throw VerificationFailed.invalid("signature does not match");
        }
        // checked after the signature, so a stale verdict always concerns a genuine delivery
        tolerance.check(timestamp, request.now());
    }
}
