package io.kurir.verify;

import static io.kurir.verify.Fixtures.invalid;
import static io.kurir.verify.Fixtures.request;
import static io.kurir.verify.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class SignatureSchemesTest {

    private static String error(String name, String... keyValues) {
        return assertThrows(IllegalArgumentException.class, () -> scheme(name, keyValues)).getMessage();
    }

    @Test
    void listsEveryScheme() {
        assertEquals(Set.of("biteship", "sendcloud", "standard-webhooks", "github", "stripe", "shopify", "slack",
                "hmac", "basic", "token", "none"), SignatureSchemes.names());
    }

    @Test
    void createsEverySchemeItNames() {
        for (String name : SignatureSchemes.names()) {
            scheme(name, "secret", "whsec_c2Vjb25kLXNlY3JldC1rZXk=", "header", "X-Signature");
        }
    }

    @Test
    void onlyNoneNeedsNoSecret() {
        assertFalse(SignatureSchemes.needsSecret("none"));
        assertTrue(SignatureSchemes.needsSecret("sendcloud"));
        assertTrue(SignatureSchemes.needsSecret("token"));
    }

    @Test
    void refusesUnknownSchemeNamingPropertyAndKnownSchemes() {
        String message = error("sendgrid", "secret", "s");
        assertTrue(message.contains("kurir.source.shop.verify"), message);
        assertTrue(message.contains("sendgrid"), message);
        assertTrue(message.contains("biteship, sendcloud, standard-webhooks"), message);
    }

    @Test
    void refusesHmacWithoutHeader() {
        assertEquals("kurir.source.shop.header is required", error("hmac", "secret", "s"));
    }

    @Test
    void refusesHmacWithoutHeaderEvenBeforeSecretIsSet() {
        assertEquals("kurir.source.shop.header is required", error("hmac"));
    }

    @Test
    void refusesUnknownAlgorithm() {
        String message = error("hmac", "secret", "s", "header", "X-Signature", "algorithm", "MD5");
        assertTrue(message.startsWith("kurir.source.shop.algorithm must be one of sha-1, sha-256, sha-512"), message);
    }

    @Test
    void refusesUnknownEncoding() {
        String message = error("hmac", "secret", "s", "header", "X-Signature", "encoding", "base32");
        assertTrue(message.startsWith("kurir.source.shop.encoding must be one of base64, hex"), message);
    }

    @Test
    void refusesToleranceThatIsNotAPositiveNumber() {
        assertTrue(error("stripe", "secret", "s", "tolerance", "5m").startsWith("kurir.source.shop.tolerance"));
        assertTrue(error("slack", "secret", "s", "tolerance", "0").startsWith("kurir.source.shop.tolerance"));
        assertTrue(error("standard-webhooks", "tolerance", "-1").startsWith("kurir.source.shop.tolerance"));
    }

    @Test
    void refusesTokenReadFromBothQueryAndHeader() {
        String message = error("token", "secret", "s", "query", "token", "header", "X-Token");
        assertTrue(message.contains("kurir.source.shop.query") && message.contains("kurir.source.shop.header"), message);
    }

    @Test
    void missingSecretRejectsEveryRequestWithClearMessage() {
        SignatureScheme scheme = scheme("sendcloud");
        VerificationFailed failure = invalid(scheme, request("{}").header("Sendcloud-Signature", "00"));
        assertEquals("source secret is not configured", failure.getMessage());
    }

    @Test
    void blankSecretCountsAsMissing() {
        VerificationFailed failure = invalid(scheme("token", "secret", "  "), request("{}").header("X-Kurir-Token", "  "));
        assertEquals("source secret is not configured", failure.getMessage());
    }

    @Test
    void acceptsSchemeNameInAnyCase() {
        invalid(scheme("GitHub", "secret", "s"), request("{}"));
    }
}
