package io.kurir.provider;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

/** The registry, and the settings every provider reads at start-up. */
class ProvidersTest {

    private static String error(String name, String... keyValues) {
        return assertThrows(IllegalArgumentException.class, () -> scheme(name, keyValues)).getMessage();
    }

    @Test
    void findsEveryProviderPackage() {
        Set<String> names = Providers.all().stream().map(Provider::name).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("biteship", "sendcloud", "standard-webhooks", "github", "stripe", "shopify", "slack",
                "midtrans", "xendit", "woocommerce", "paddle", "twilio", "typeform", "hmac", "basic", "token", "none")), names.toString());
    }

    @Test
    void listsNamedProvidersBeforeGenericSchemes() {
        List<Boolean> generic = Providers.all().stream().map(Provider::generic).toList();
        assertEquals(generic.stream().sorted().toList(), generic);
    }

    @Test
    void findsAProviderByNameInAnyCase() {
        assertEquals("github", Providers.find(" GitHub ").orElseThrow().name());
    }

    @Test
    void buildsEveryProvidersVerifier() {
        for (Provider provider : Providers.all()) {
            scheme(provider.name(), "secret", "whsec_c2Vjb25kLXNlY3JldC1rZXk=", "header", "X-Signature");
        }
    }

    @Test
    void givesEveryNamedProviderItsDocumentation() {
        for (Provider provider : Providers.all()) {
            assertTrue(provider.generic() || provider.documentation().startsWith("https://"), provider.name());
        }
    }

    @Test
    void givesEveryProviderSamplesThatAreFreshEachTime() {
        for (Provider provider : Providers.all()) {
            List<Sample> first = provider.samples("aaaa1111", Instant.EPOCH);
            List<Sample> second = provider.samples("bbbb2222", Instant.EPOCH);
            assertFalse(first.isEmpty(), provider.name());
            for (int i = 0; i < first.size(); i++) {
                assertNotEquals(first.get(i), second.get(i), provider.name() + " sample " + i + " does not change with its id");
            }
        }
    }

    @Test
    void onlyNoneNeedsNoSecret() {
        List<String> without = Providers.all().stream().filter(p -> !p.needsSecret()).map(Provider::name).toList();
        assertEquals(List.of("none"), without);
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
}
