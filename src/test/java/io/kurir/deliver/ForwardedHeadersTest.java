package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;

import io.kurir.ConfigurationError;
import io.kurir.Settings;
import io.kurir.store.StoredEvent;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    private static Settings settings(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put(keyValues[i], keyValues[i + 1]);
        }
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context);
    }

    private static Message forwarded(Settings settings, String source, Map<String, String> sent) {
        StoredEvent event = new StoredEvent("evt_1", source, "k", "t", "test", StoredEvent.ROUTED, 0, "application/json", sent, Map.of(),
                new byte[0], null, null, false, null, null);
        Message message = new DefaultExchange(new DefaultCamelContext()).getMessage();
        ForwardedHeaders.forDestination(settings, "crm").copy(event, message);
        return message;
    }

    @Test
    void copiesTheListedHeadersAsTheyCameInAnyCase() {
        Message message = forwarded(settings("kurir.destination.crm.forward-headers", "X-GitHub-Event, x-github-hook-id",
                "kurir.source.gh.verify", "github"), "gh", Map.of("x-github-event", "push", "X-GitHub-Hook-ID", "42", "X-Other", "no"));

        assertEquals("push", message.getHeader("X-GitHub-Event"));
        assertEquals("42", message.getHeader("x-github-hook-id"));
        assertNull(message.getHeader("X-Other"));
    }

    @Test
    void refusesToStartWhenASignatureHeaderIsListed() {
        ConfigurationError refused = assertThrows(ConfigurationError.class, () -> ForwardedHeaders.forDestination(
                settings("kurir.destination.crm.forward-headers", "X-GitHub-Event, X-Hub-Signature-256"), "crm"));
        assertTrue(refused.getMessage().startsWith("kurir.destination.crm.forward-headers names X-Hub-Signature-256"), refused.getMessage());
    }

    @Test
    void refusesToStartWhenAuthorizationIsListed() {
        assertThrows(ConfigurationError.class, () -> ForwardedHeaders.forDestination(
                settings("kurir.destination.crm.forward-headers", "authorization"), "crm"));
    }

    @Test
    void withholdsTheHeaderTheEventsSourceIsConfiguredToCarryItsSecretIn() {
        Message message = forwarded(settings("kurir.destination.crm.forward-headers", "X-Shop-Secret, X-Shop-Hmac",
                        "kurir.source.ship.verify", "biteship", "kurir.source.ship.header", "X-Shop-Secret",
                        "kurir.source.forms.verify", "hmac", "kurir.source.forms.header", "X-Shop-Hmac"),
                "ship", Map.of("X-Shop-Secret", "plain", "X-Shop-Hmac", "abc"));

        assertNull(message.getHeader("X-Shop-Secret"));
        assertEquals("abc", message.getHeader("X-Shop-Hmac"), "another source's signature header is not this event's");
    }

    @Test
    void neverSendsAValueTheStoreMasked() {
        Message message = forwarded(settings("kurir.destination.crm.forward-headers", "X-Token",
                "kurir.source.leads.verify", "none"), "leads", Map.of("X-Token", "***"));
        assertNull(message.getHeader("X-Token"));
    }
}
