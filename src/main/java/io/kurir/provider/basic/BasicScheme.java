package io.kurir.provider.basic;

import io.kurir.verify.Headers;
import io.kurir.verify.Hmac;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.VerificationFailed;

/** HTTP Basic authentication: {@code Authorization: Basic base64(username:secret)}. */
final class BasicScheme implements SignatureScheme {

    private static final String AUTHORIZATION = "Authorization";
    private static final String BASIC = "Basic ";

    private final byte[] credentials;

    BasicScheme(String username, String secret) {
        this.credentials = Hmac.utf8(username + ":" + secret);
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        String value = Headers.required(request, AUTHORIZATION);
        // the auth scheme name is case-insensitive (RFC 7617)
        if (!value.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            throw VerificationFailed.invalid("header " + AUTHORIZATION + " does not carry Basic credentials");
        }
        if (!Hmac.equal(credentials, Hmac.fromBase64(value.substring(BASIC.length()).trim()))) {
            throw VerificationFailed.invalid("credentials do not match");
        }
    }
}
