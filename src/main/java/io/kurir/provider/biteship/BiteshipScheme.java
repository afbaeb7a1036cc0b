package io.kurir.provider.biteship;

import io.kurir.verify.Headers;
import io.kurir.verify.Hmac;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.VerificationFailed;

/**
 * Biteship: not an HMAC. The user names a header in the dashboard and Biteship sends the secret itself
 * as its value, so the value is compared to the secret.
 */
final class BiteshipScheme implements SignatureScheme {

    private final String header;
    private final byte[] secret;

    BiteshipScheme(String header, String secret) {
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
