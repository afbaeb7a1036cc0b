package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;

import io.kurir.Settings;
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
        assertNull(Sources.weakness("github", "0123456789abcdef"));
        assertTrue(Sources.weakness("github", "0123456789abcde").contains("shorter than 16"));
        assertTrue(Sources.weakness("sendcloud", "Abcdefghijklmnop1").contains("Sendcloud"));
        assertNull(Sources.weakness("sendcloud", "Abcdefghijklmno1!"));
    }
}
