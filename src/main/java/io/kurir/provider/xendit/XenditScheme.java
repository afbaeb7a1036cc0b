package io.kurir.provider.xendit;

import io.kurir.verify.Headers;
import io.kurir.verify.Hmac;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.VerificationFailed;

/**
 * Xendit: not a signature. Every callback carries the account's webhook verification token itself in
 * {@code x-callback-token}, so the value is compared to the secret; the body is not bound to it.
 */
final class XenditScheme implements SignatureScheme {

    static final String HEADER = "x-callback-token";

    private final byte[] token;

    XenditScheme(String token) {
        this.token = Hmac.utf8(token);
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        String value = Headers.required(request, HEADER);
        if (!Hmac.equal(token, Hmac.utf8(value))) {
            throw VerificationFailed.invalid("header " + HEADER + " does not match the secret");
        }
    }
}
