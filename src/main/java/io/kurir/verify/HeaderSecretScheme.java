package io.kurir.verify;

/**
 * Not a signature: the sender puts the shared secret itself in a header (Biteship, Xendit), so its
 * value is compared to the secret, in constant time. The body is not bound to it.
 */
public final class HeaderSecretScheme implements SignatureScheme {

    private final String header;
    private final byte[] secret;

    public HeaderSecretScheme(String header, String secret) {
        this.header = header;
        this.secret = Hmac.utf8(secret);
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        String value = Headers.required(request, header);
        if (!Hmac.equal(secret, Hmac.utf8(value))) {
            throw VerificationFailed.invalid("header " + header + " does not match the secret");
        }
    }
}
