package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.kurir.provider.Provider;
import io.kurir.provider.Providers;
import org.junit.jupiter.api.Test;

class NormaliserTest {

    private static Source source(String name, String provider) {
        Provider unit = Providers.find(provider).orElseThrow();
        return new Source(name, unit, request -> { }, "test", Set.of(), null, Set.of(), List.of(), unit.eventType(), unit.idempotencyKey(), null);
    }

    private static Inbound json(String body, String... headers) throws IngestError {
        return inbound(MediaKind.JSON, "application/json", body, headers);
    }

    private static Inbound inbound(MediaKind kind, String contentType, String body, String... headers) throws IngestError {
        Map<String, String> lookup = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.length; i += 2) {
            lookup.put(headers[i], headers[i + 1]);
        }
        return new Inbound(body.getBytes(), lookup::get, Payload.inspect(kind, body.getBytes(), contentType));
    }

    @Test
    void namesBiteshipEventsByTheirEventField() throws IngestError {
        assertEquals("order.status", Normaliser.eventType(source("biteship", "biteship"), json("{\"event\":\"order.status\",\"status\":\"delivered\"}")));
    }

    @Test
    void namesSendcloudEventsByTheirActionField() throws IngestError {
        assertEquals("parcel_status_changed", Normaliser.eventType(source("sendcloud", "sendcloud"),
                json("{\"action\":\"parcel_status_changed\",\"parcel\":{\"type\":\"x\"}}")));
    }

    @Test
    void namesGithubEventsByTheirHeaderNotTheirBody() throws IngestError {
        assertEquals("push", Normaliser.eventType(source("gh", "github"), json("{\"action\":\"opened\"}", "X-GitHub-Event", "push")));
    }

    @Test
    void namesGenericEventsByTypeEventOrActionField() throws IngestError {
        assertEquals("invoice.paid", Normaliser.eventType(source("any", "hmac"), json("{\"action\":\"x\",\"type\":\"invoice.paid\"}")));
    }

    @Test
    void namesGenericEventsByAGithubStyleHeaderFirst() throws IngestError {
        assertEquals("push", Normaliser.eventType(source("gitea", "hmac"), json("{\"type\":\"x\"}", "X-GitHub-Event", "push")));
    }

    @Test
    void namesFormPostsFormSubmitted() throws IngestError {
        Inbound form = inbound(MediaKind.FORM, "application/x-www-form-urlencoded", "type=lead&a=1");
        assertEquals("form.submitted", Normaliser.eventType(source("leads", "token"), form));
    }

    @Test
    void ignoresFieldsOfNestedObjectsWhenNamingTheEvent() throws IngestError {
        assertEquals("unknown", Normaliser.eventType(source("any", "hmac"), json("{\"data\":{\"type\":\"nested\"}}")));
    }

    @Test
    void keysStripeEventsByTheirEventId() throws IngestError {
        assertEquals("evt_123", Normaliser.idempotencyKey(source("stripe", "stripe"), json("{\"id\":\"evt_123\",\"type\":\"charge.succeeded\"}")));
    }

    @Test
    void keysShopifyEventsByEitherWebhookIdHeader() throws IngestError {
        assertEquals("w1", Normaliser.idempotencyKey(source("shop", "shopify"), json("{}", "X-Shopify-Webhook-Id", "w1")));
        assertEquals("w2", Normaliser.idempotencyKey(source("shop", "shopify"), json("{}", "shopify-webhook-id", "w2")));
    }

    @Test
    void hashesADeliveryIdTooLongToKeep() throws IngestError {
        String key = Normaliser.idempotencyKey(source("gh", "github"), json("{}", "X-GitHub-Delivery", "d".repeat(201)));
        assertTrue(key.startsWith("sha256:"), key);
    }

    @Test
    void keysOtherEventsByAHashOfSourceAndBody() throws IngestError {
        String body = "{\"event\":\"order.status\"}";
        String biteship = Normaliser.idempotencyKey(source("biteship", "biteship"), json(body));
        String other = Normaliser.idempotencyKey(source("other", "biteship"), json(body));

        assertTrue(biteship.startsWith("sha256:"));
        assertNotEquals(biteship, other);
    }
}
