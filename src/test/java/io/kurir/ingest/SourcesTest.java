package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Properties;

import io.kurir.Settings;
import io.kurir.provider.Provider;
import io.kurir.provider.Providers;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** Start-up checks of source secrets: a live source needs a strong one, a test source is only warned about. */
class SourcesTest {

    private static Sources configured(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Sources(new Settings(context));
    }

    @Test
    void refusesToStartALiveSourceWithoutASecret() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> configured(
                "kurir.source.shop.verify", "github", "kurir.source.shop.environment", "live"));

        assertTrue(refused.getMessage().contains("KURIR_SOURCE_SHOP_SECRET"), refused.getMessage());
    }

    @Test
    void refusesToStartALiveSourceOnTheDevelopmentSecret() {
        assertThrows(IllegalArgumentException.class, () -> configured("kurir.source.shop.verify", "github",
                "kurir.source.shop.environment", "live", "kurir.source.shop.secret", "dev-a-long-enough-secret"));
    }

    @Test
    void refusesToStartALiveSendcloudSourceWhoseSecretSendcloudWouldRefuse() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> configured(
                "kurir.source.parcels.verify", "sendcloud", "kurir.source.parcels.environment", "live",
                "kurir.source.parcels.secret", "onlylowercaseletters"));

        assertTrue(refused.getMessage().contains("kurir.source.parcels.secret"), refused.getMessage());
    }

    @Test
    void startsALiveSourceWithAStrongSecret() {
        Sources sources = configured("kurir.source.parcels.verify", "sendcloud", "kurir.source.parcels.environment", "live",
                "kurir.source.parcels.secret", "Str0ng-Sendcloud-Key!");

        assertEquals("live", sources.find("parcels").orElseThrow().environment());
    }

    @Test
    void onlyWarnsAboutATestSourceWithAWeakSecret() {
        Sources sources = configured("kurir.source.shop.verify", "github", "kurir.source.shop.secret", "short");

        assertEquals("test", sources.find("shop").orElseThrow().environment());
    }

    @Test
    void judgesSecretsByLengthAndSendcloudsRule() {
        Provider github = Providers.find("github").orElseThrow();
        Provider sendcloud = Providers.find("sendcloud").orElseThrow();
        assertNull(github.weakness("0123456789abcdef"));
        assertTrue(github.weakness("0123456789abcde").contains("shorter than 16"));
        assertTrue(sendcloud.weakness("Abcdefghijklmnop1").contains("Sendcloud"));
        assertNull(sendcloud.weakness("Abcdefghijklmno1!"));
    }

    @Test
    void refusesAnUnknownSchemeNamingThePropertyAndTheKnownOnes() {
        String message = assertThrows(IllegalArgumentException.class, () -> configured("kurir.source.shop.verify", "sendgrid",
                "kurir.source.shop.secret", "s")).getMessage();
        assertTrue(message.contains("kurir.source.shop.verify"), message);
        assertTrue(message.contains("sendgrid"), message);
        assertTrue(message.contains("biteship, ") && message.contains(", none"), message);
    }

    @Test
    void masksTheHeaderATokenTravelsIn() {
        Source source = configured("kurir.source.leads.verify", "token", "kurir.source.leads.header", "X-Lead-Token",
                "kurir.source.leads.secret", "a-long-enough-token").find("leads").orElseThrow();
        assertTrue(source.secretHeaders().contains("x-lead-token"), source.secretHeaders().toString());
        assertEquals(List.of("header X-Lead-Token"), source.secretIn());
    }

    @Test
    void keepsATokenInTheQueryOutOfLabels() {
        Source source = configured("kurir.source.leads.verify", "token", "kurir.source.leads.query", "token",
                "kurir.source.leads.secret", "a-long-enough-token").find("leads").orElseThrow();
        assertEquals("token", source.secretQuery());
        assertEquals(List.of("query token"), source.secretIn());
    }
}
