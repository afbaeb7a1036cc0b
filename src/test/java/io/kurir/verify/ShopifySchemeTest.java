package io.kurir.verify;

import static io.kurir.verify.Fixtures.invalid;
import static io.kurir.verify.Fixtures.request;
import static io.kurir.verify.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShopifySchemeTest {

    private static final String SECRET = "shpss_secret";
    private static final String BODY = "{\"id\":820982911946154508,\"email\":\"jon@example.com\"}";
    // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'shpss_secret' -binary | base64
    private static final String SIGNATURE = "vo+n5h/cLxNKGlgJ0Fd1aDzU0aOaajK8Hs9m0hPqWiQ=";

    private final SignatureScheme scheme = scheme("shopify", "secret", SECRET);

    @Test
    void acceptsSignatureComputedByShopify() {
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("X-Shopify-Hmac-Sha256", SIGNATURE).build()));
    }

    @Test
    void rejectsTamperedBody() {
        invalid(scheme, request(BODY.replace("jon", "joe")).header("X-Shopify-Hmac-Sha256", SIGNATURE));
    }

    @Test
    void rejectsWrongSecret() {
        invalid(scheme("shopify", "secret", "shpss_other"), request(BODY).header("X-Shopify-Hmac-Sha256", SIGNATURE));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY));
        assertEquals("missing header X-Shopify-Hmac-Sha256", failure.getMessage());
    }

    @Test
    void rejectsHexInsteadOfBase64() {
        // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'shpss_secret'
        String hex = "be8fa7e61fdc2f134a1a5809d05775683cd4d1a39a6a32bc1ecf66d213ea5a24";
        invalid(scheme, request(BODY).header("X-Shopify-Hmac-Sha256", hex));
    }
}
