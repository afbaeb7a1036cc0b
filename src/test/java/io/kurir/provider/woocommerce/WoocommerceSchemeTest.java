package io.kurir.provider.woocommerce;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class WoocommerceSchemeTest {

    private static final String SECRET = "wc_kurir_secret_123";
    // as WooCommerce's wp_json_encode writes it: the slashes of the URL escaped as \/
    private static final String BODY = "{\"id\":727,\"parent_id\":0,\"status\":\"processing\",\"currency\":\"USD\","
            + "\"date_created\":\"2017-03-22T16:28:02\",\"total\":\"29.35\",\"customer_id\":0,\"billing\":{\"first_name\":\"John\","
            + "\"last_name\":\"Doe\",\"email\":\"john.doe@example.com\"},\"payment_method\":\"bacs\","
            + "\"_links\":{\"self\":[{\"href\":\"https:\\/\\/example.com\\/wp-json\\/wc\\/v3\\/orders\\/727\"}]}}";
    // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'wc_kurir_secret_123' -binary | base64
    private static final String SIGNATURE = "o/uDJJIQeeNJIfBSDsT/BqTNpKCR7dJC1e0czEbof7w=";

    private final SignatureScheme scheme = scheme("woocommerce", "secret", SECRET);

    @Test
    void acceptsSignatureComputedByWoocommerce() {
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("X-WC-Webhook-Signature", SIGNATURE)
                .header("X-WC-Webhook-Topic", "order.created").header("X-WC-Webhook-Delivery-ID", "6f0e0f2a3b5e1d8c9a7b4c2d1e0f9a8b").build()));
    }

    @Test
    void acceptsSignatureHeaderInAnyCase() {
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("x-wc-webhook-signature", SIGNATURE).build()));
    }

    @Test
    void rejectsTamperedBody() {
        invalid(scheme, request(BODY.replace("\"29.35\"", "\"29.36\"")).header("X-WC-Webhook-Signature", SIGNATURE));
    }

    @Test
    void rejectsBodyWithUnescapedSlashes() {
        // the same JSON re-serialised is other bytes: only the raw body is verified
        invalid(scheme, request(BODY.replace("\\/", "/")).header("X-WC-Webhook-Signature", SIGNATURE));
    }

    @Test
    void rejectsWrongSecret() {
        invalid(scheme("woocommerce", "secret", "wc_kurir_secret_124"), request(BODY).header("X-WC-Webhook-Signature", SIGNATURE));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY).header("X-WC-Webhook-Topic", "order.created"));
        assertEquals("missing header X-WC-Webhook-Signature", failure.getMessage());
    }

    @Test
    void rejectsHexInsteadOfBase64() {
        // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'wc_kurir_secret_123'
        String hex = "a3fb8324921079e34921f0520ec4ff06a4cda4a091edd242d5ed1ccc46e87fbc";
        invalid(scheme, request(BODY).header("X-WC-Webhook-Signature", hex));
    }

    @Test
    void rejectsThePingBodyWhenItReachesVerification() {
        invalid(scheme, request("webhook_id=12"));
    }
}
