package io.kurir.provider.shopify;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.verify.Hmac;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
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
        assertEquals("missing header X-Shopify-Hmac-Sha256 or shopify-hmac-sha256", failure.getMessage());
    }

    @Test
    void rejectsHexInsteadOfBase64() {
        // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'shpss_secret'
        String hex = "be8fa7e61fdc2f134a1a5809d05775683cd4d1a39a6a32bc1ecf66d213ea5a24";
        invalid(scheme, request(BODY).header("X-Shopify-Hmac-Sha256", hex));
    }

    // The header families @shopify/shopify-api 13 validates; printf '%s' "$ORDER" | openssl dgst -sha256 -hmac 'hush_shopify_client_secret' -binary | base64
    private static final String ORDER = "{\"id\":820982911946154508,\"email\":\"jon@example.com\",\"created_at\":\"2023-03-29T14:00:27-04:00\","
            + "\"total_price\":\"254.98\",\"currency\":\"USD\",\"financial_status\":\"paid\",\"name\":\"#9999\"}";
    private static final String ORDER_HMAC = "SKjs0V6NABcV50I4hEmXRWhb16CeNKKj4blQMeFjoxI=";
    private final SignatureScheme app = scheme("shopify", "secret", "hush_shopify_client_secret");

    @Test
    void acceptsUnprefixedHeaderFamily() {
        assertDoesNotThrow(() -> app.verify(request(ORDER).header("shopify-hmac-sha256", ORDER_HMAC)
                .header("shopify-topic", "orders/create").header("shopify-webhook-id", "b54557e4").build()));
    }

    @Test
    void acceptsPrefixedHeaderInAnyCase() {
        assertDoesNotThrow(() -> app.verify(request(ORDER).header("x-shopify-hmac-sha256", ORDER_HMAC).build()));
    }

    @Test
    void rejectsUnprefixedTamperedBody() {
        invalid(app, request(ORDER.replace("254.98", "254.99")).header("shopify-hmac-sha256", ORDER_HMAC));
    }

    @Test
    void rejectsUnprefixedWrongSecret() {
        invalid(scheme("shopify", "secret", "hush_shopify_client_secreT"), request(ORDER).header("shopify-hmac-sha256", ORDER_HMAC));
    }
}
