package io.kurir.provider.token;

import java.util.function.Function;

import io.kurir.verify.Hmac;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.VerificationFailed;

/** A shared token, sent as is in a header or a query parameter; for senders that publish no signature scheme. */
final class TokenScheme implements SignatureScheme {

    private static final String AUTHORIZATION = "Authorization";
    private static final String BEARER = "Bearer ";

    private final String source;
    private final Function<SignedRequest, String> lookup;
    private final byte[] token;

    private TokenScheme(String source, Function<SignedRequest, String> lookup, String token) {
        this.source = source;
        this.lookup = lookup;
        this.token = Hmac.utf8(token);
    }

    /** In {@code Authorization} the token may come as {@code Bearer <token>}. */
    static TokenScheme inHeader(String header, String token) {
        boolean authorization = header.equalsIgnoreCase(AUTHORIZATION);
        return new TokenScheme("header " + header, request -> {
            String value = request.header(header);
            return authorization && value != null ? withoutBearer(value) : value;
        }, token);
    }

    static TokenScheme inQuery(String parameter, String token) {
        return new TokenScheme("query parameter " + parameter, request -> request.query().get(parameter), token);
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        String value = lookup.apply(request);
        if (value == null) {
            throw VerificationFailed.invalid("missing " + source);
        }
        if (!Hmac.equal(token, Hmac.utf8(value))) {
            throw VerificationFailed.invalid(source + " does not match the token");
        }
    }

    private static String withoutBearer(String value) {
        // the auth scheme name is case-insensitive (RFC 6750)
        return value.regionMatches(true, 0, BEARER, 0, BEARER.length()) ? value.substring(BEARER.length()).trim() : value;
    }
}
