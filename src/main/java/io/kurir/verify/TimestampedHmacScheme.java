package io.kurir.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * One header listing a timestamp and one or more hex HMAC-SHA256 signatures of `{timestamp}{separator}{body}`,
 * keyed with the whole secret string: Stripe's `t=…,v1=…` and Paddle's `ts=…;h1=…`. Any signature may
 * match (several while a secret is rolled); other keys are ignored; the timestamp must be within the
 * tolerance.
 */
public final class TimestampedHmacScheme implements SignatureScheme {

    /** How one sender writes the header. */
    public record Format(String header, String itemSeparator, String timestampKey, String signatureKey, String signedSeparator) {
    }

    private final Format format;
    private final Hmac hmac;
    private final Tolerance tolerance;
    private final byte[] separator;

    public TimestampedHmacScheme(Format format, String secret, Tolerance tolerance) {
        this.format = format;
        this.hmac = new Hmac("HmacSHA256", Hmac.utf8(secret));
        this.tolerance = tolerance;
        this.separator = Hmac.utf8(format.signedSeparator());
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        String value = Headers.required(request, format.header());
        String timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String item : value.split(format.itemSeparator())) {
            String[] pair = item.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals(format.timestampKey()) && timestamp == null) {
                timestamp = pair[1].trim();
            } else if (pair.length == 2 && pair[0].equals(format.signatureKey())) {
                signatures.add(pair[1].trim());
            }
        }
        if (timestamp == null) {
            throw VerificationFailed.invalid("header " + format.header() + " has no timestamp " + format.timestampKey() + "=");
        }
        if (signatures.isEmpty()) {
            throw VerificationFailed.invalid("header " + format.header() + " has no " + format.signatureKey() + " signature");
        }
        byte[] expected = hmac.sign(Hmac.utf8(timestamp), separator, request.body());
        if (signatures.stream().noneMatch(hex -> Hmac.equal(expected, Hmac.fromHex(hex)))) {
            throw VerificationFailed.invalid("signature does not match");
        }
        // checked after the signature, so a stale verdict always concerns a genuine delivery
        tolerance.check(timestamp, request.now());
    }
}
