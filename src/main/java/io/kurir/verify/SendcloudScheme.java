package io.kurir.verify;

/** Sendcloud: {@code Sendcloud-Signature} is the hex HMAC-SHA256 of the raw body; no timestamp, so no replay window. */
final class SendcloudScheme implements SignatureScheme {

    private final HmacScheme hmac;

    SendcloudScheme(String secret) {
        hmac = new HmacScheme("Sendcloud-Signature", "HmacSHA256", HmacScheme.Encoding.HEX, "", secret);
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        hmac.verify(request);
    }
}
