package io.kurir.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Downstream;
import io.kurir.support.Downstream.Answer;
import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The events log's levers: filters, resend, retry, replay, test events and the overview, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {

    private static final String AUTH = "Bearer " + Gateway.ADMIN_TOKEN;

    @Parameter
    TestStore store;

    private Downstream shop;
    private Gateway gateway;

    @BeforeParameterizedClassInvocation
    void start() throws Exception {
        shop = new Downstream();
        gateway = Gateway.onFreshStore(store, Map.of(
                "kurir.destination.shop-backend.url", shop.url("/webhooks/shipping"),
                "kurir.retry.max-attempts", "2",
                "kurir.retry.initial-delay", "100",
                "kurir.retry.max-delay", "200",
                "kurir.deliver.poll-interval", "50",
                "kurir.replay.rate", "5"));
    }

    @AfterParameterizedClassInvocation
    void stop() {
        gateway.close();
        shop.close();
    }

    @BeforeEach
    void answeringDownstream() {
        shop.reset();
    }

    private JsonNode post(String path) {
        return gateway.apiPost(path);
    }

    private String waybill(String orderId, String query) {
        return gateway.postBiteship("/hooks/biteship" + query,
                "{\"event\":\"order.waybill_id\",\"order_id\":\"" + orderId + "\",\"status\":\"allocated\"}");
    }

    private JsonNode delivery(String eventId) {
        return gateway.api("/api/events/" + eventId).get("deliveries").get(0);
    }

    private JsonNode awaitDelivery(String eventId, String status) {
        return gateway.awaitEvent(eventId, e -> e.get("deliveries").size() > 0
                && e.get("deliveries").get(0).get("status").asText().equals(status), Duration.ofSeconds(15)).get("deliveries").get(0);
    }

    @Test
    void filtersEventsByLabelEnvironmentTimeAndBodyText() {
        String id = waybill("needle-4711", "?campaign=flash");
        String from = Instant.now().minusSeconds(60).toString();

        assertEquals(id, gateway.api("/api/events?label=campaign:flash").get("events").get(0).get("id").asText());
        assertEquals(0, gateway.api("/api/events?label=campaign:other").get("events").size());
        assertEquals(id, gateway.api("/api/events?q=NEEDLE-4711").get("events").get(0).get("id").asText());
        assertEquals(id, gateway.api("/api/events?environment=test&from=" + from + "&q=needle").get("events").get(0).get("id").asText());
        assertEquals(0, gateway.api("/api/events?environment=live&q=needle-4711").get("events").size());
        assertEquals(0, gateway.api("/api/events?to=" + from + "&q=needle-4711").get("events").size());
    }

    @Test
    void listsOnlyNewerEventsForLiveUpdates() {
        String older = waybill("live-1", "");
        String newer = waybill("live-2", "");

        JsonNode events = gateway.api("/api/events?after=" + older).get("events");
        assertEquals(1, events.size());
        assertEquals(newer, events.get(0).get("id").asText());
    }

    @Test
    void readsABurstAfterTheCursorInFullPageByPage() {
        String cursor = waybill("burst-0", "");
        List<String> burst = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            burst.add(waybill("burst-" + i, ""));
        }

        JsonNode first = gateway.api("/api/events?after=" + cursor + "&limit=3").get("events");
        assertEquals(List.of(burst.get(2), burst.get(1), burst.get(0)), ids(first));
        JsonNode second = gateway.api("/api/events?after=" + burst.get(2) + "&limit=3").get("events");
        assertEquals(List.of(burst.get(4), burst.get(3)), ids(second));
    }

    private static List<String> ids(JsonNode events) {
        List<String> ids = new ArrayList<>();
        events.forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    @Test
    void summarisesDeliveriesInTheEventList() {
        String id = waybill("summary-1", "");
        awaitDelivery(id, "delivered");

        JsonNode summary = gateway.api("/api/events?q=summary-1").get("events").get(0).get("deliveries");
        assertEquals(1, summary.get("total").asInt());
        assertEquals(1, summary.get("delivered").asInt());
        assertEquals(0, summary.get("dead").asInt());
    }

    @Test
    void answers400ForBadFiltersWithWhatIsWrong() {
        for (String query : List.of("/api/events?from=yesterday", "/api/events?label=nocolon", "/api/events?environment=prod",
                "/api/deliveries?status=lost", "/api/deliveries?limit=0")) {
            HttpResponse<String> response = gateway.get(query, "Authorization", AUTH);
            assertEquals(400, response.statusCode(), query);
            assertEquals("bad_filter", Gateway.json(response.body()).get("error").asText(), query);
            assertFalse(Gateway.json(response.body()).get("message").asText().isBlank());
        }
    }

    @Test
    void refusesEveryEndpointWithoutTheToken() {
        for (String path : List.of("/api/events", "/api/events/x", "/api/deliveries", "/api/sources", "/api/destinations")) {
            assertEquals(401, gateway.get(path).statusCode(), path);
            assertEquals(401, gateway.get(path, "Authorization", "Bearer wrong").statusCode(), path);
        }
        for (String path : List.of("/api/events/x/resend", "/api/deliveries/x/retry", "/api/deliveries/replay?status=dead",
                "/api/sources/biteship/test")) {
            assertEquals(401, gateway.post(path, "application/json", new byte[0]).statusCode(), path);
        }
    }

    @Test
    void resendsAnEventWithANewAttemptKeepingHistory() {
        String id = waybill("resend-1", "");
        awaitDelivery(id, "delivered");

        assertEquals(1, post("/api/events/" + id + "/resend").get("queued").asInt());
        JsonNode d = gateway.awaitEvent(id, e -> e.get("deliveries").get(0).get("attempts").asInt() == 2, Duration.ofSeconds(10))
                .get("deliveries").get(0);
        assertEquals(2, d.get("attemptLog").size());
        assertEquals("delivered", d.get("status").asText());
        assertEquals(2, shop.all(r -> r.text().contains("resend-1")).size());
    }

    @Test
    void retriesADeadDeliveryNow() {
        shop.otherwise(Answer.status(500, "down"));
        String id = waybill("retry-dead-1", "");
        String deliveryId = awaitDelivery(id, "dead").get("id").asText();
        shop.otherwise(Answer.ok());

        assertEquals(1, post("/api/deliveries/" + deliveryId + "/retry").get("queued").asInt());
        JsonNode d = awaitDelivery(id, "delivered");
        assertEquals(3, d.get("attempts").asInt());
        assertEquals(200, d.get("attemptLog").get(2).get("statusCode").asInt());
    }

    @Test
    void replaysDeadDeliveriesAtTheConfiguredRate() {
        shop.otherwise(Answer.status(503, "maintenance"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(waybill("replay-" + i, ""));
        }
        ids.forEach(id -> awaitDelivery(id, "dead"));
        shop.reset();
        String since = Instant.now().minusSeconds(60).toString();
        String filter = "?destination=shop-backend&status=dead&from=" + since;

        int matching = post("/api/deliveries/replay" + filter + "&dryRun=true").get("matching").asInt();
        assertTrue(matching >= 4, "matching " + matching);
        assertEquals(matching, post("/api/deliveries/replay" + filter).get("queued").asInt());
        ids.forEach(id -> awaitDelivery(id, "delivered"));
        List<Long> times = shop.all(r -> r.text().contains("replay-")).stream().map(Downstream.Received::atMillis).sorted().toList();
        assertEquals(4, times.size());
        // 5 a second: the fourth goes out no sooner than 600 ms after the first
        assertTrue(times.get(3) - times.get(0) >= 550, "spread " + (times.get(3) - times.get(0)));
        assertEquals(0, gateway.api("/api/deliveries" + filter).get("deliveries").size());
    }

    @Test
    void refusesAReplayWithoutAnyFilter() {
        HttpResponse<String> response = gateway.post("/api/deliveries/replay", "application/json", new byte[0], "Authorization", AUTH);

        assertEquals(400, response.statusCode());
    }

    @Test
    void listsDeliveriesByDestinationAndStatus() {
        String id = waybill("list-deliveries-1", "");
        awaitDelivery(id, "delivered");

        JsonNode deliveries = gateway.api("/api/deliveries?destination=shop-backend&status=delivered").get("deliveries");
        assertTrue(deliveries.size() >= 1);
        deliveries.forEach(d -> {
            assertEquals("shop-backend", d.get("destination").asText());
            assertEquals("delivered", d.get("status").asText());
        });
        assertEquals("biteship", deliveries.get(0).get("source").asText());
    }

    @Test
    void injectsATestEventThroughTheNormalPath() {
        JsonNode answer = post("/api/sources/biteship/test");

        assertEquals("accepted", answer.get("status").asText());
        JsonNode event = gateway.awaitEvent(answer.get("id").asText(), e -> e.get("status").asText().equals("routed"), Duration.ofSeconds(10));
        assertTrue(event.get("test").asBoolean());
        assertEquals("order.status", event.get("type").asText());
        assertTrue(event.get("deliveries").size() >= 1, "routed like a real one: " + event.get("deliveries"));
        assertTrue(post("/api/sources/sendcloud/test").get("id").asText().startsWith("evt_"));
        assertTrue(post("/api/sources/leads/test").get("id").asText().startsWith("evt_"));
        assertEquals(404, gateway.post("/api/sources/nobody/test", "application/json", new byte[0], "Authorization", AUTH).statusCode());
    }

    @Test
    void showsSourcesWithFiguresButNoSecrets() {
        waybill("figures-1", "");
        gateway.post("/hooks/biteship", "application/json", "{\"event\":\"x\"}".getBytes(), "X-Biteship-Signature", "wrong");

        HttpResponse<String> response = gateway.get("/api/sources", "Authorization", AUTH);
        assertFalse(response.body().contains(Signing.BITESHIP_SECRET));
        assertFalse(response.body().contains(Signing.SENDCLOUD_SECRET));
        JsonNode biteship = find(Gateway.json(response.body()).get("sources"), "biteship");
        assertEquals("biteship", biteship.get("verify").asText());
        assertTrue(biteship.get("eventsToday").asLong() >= 1);
        assertTrue(biteship.get("rejected").asLong() >= 1);
        assertTrue(biteship.get("failureRate").asDouble() > 0);
        assertTrue(biteship.get("lastError").asText().startsWith("invalid_signature"));
    }

    @Test
    void sendsTheSampleOfTheAskedEventType() {
        JsonNode answer = post("/api/sources/biteship/test?type=order.waybill_id");

        assertEquals("order.waybill_id", gateway.api("/api/events/" + answer.get("id").asText()).get("type").asText());
        HttpResponse<String> unknown = gateway.post("/api/sources/biteship/test?type=order.nothing", "application/json", new byte[0],
                "Authorization", AUTH);
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("order.status, order.price, order.waybill_id"), unknown.body());
    }

    @Test
    void saysPerSourceWhereItsTypeKeyAndSecretComeFrom() {
        JsonNode sources = gateway.api("/api/sources").get("sources");
        JsonNode biteship = find(sources, "biteship");
        assertEquals("body `event`; else the body's kind", biteship.get("eventTypeFrom").asText());
        assertEquals("the body's hash", biteship.get("idempotencyKeyFrom").asText());
        assertEquals("header X-Biteship-Signature", biteship.get("secretIn").get(0).asText());
        assertEquals("order.status", biteship.get("testEvents").get(0).asText());
        assertEquals("query token", find(sources, "leads").get("secretIn").get(0).asText());
        assertEquals(0, find(sources, "sendcloud").get("secretIn").size(), "an HMAC key never travels");
    }

    @Test
    void showsDestinationsWithTheirHealth() {
        shop.otherwise(Answer.status(500, "broken"));
        awaitDelivery(waybill("health-1", ""), "dead");

        HttpResponse<String> response = gateway.get("/api/destinations", "Authorization", AUTH);
        assertFalse(response.body().contains("whsec_"));
        JsonNode shopBackend = find(Gateway.json(response.body()).get("destinations"), "shop-backend");
        assertTrue(shopBackend.get("dead").asLong() >= 1);
        assertTrue(shopBackend.get("signed").asBoolean());
        assertEquals(2, shopBackend.get("retry").get("maxAttempts").asInt());
        assertTrue(shopBackend.get("failureRate").asDouble() > 0);
        assertTrue(shopBackend.get("lastError").asText().startsWith("HTTP 500"));
        assertTrue(find(Gateway.json(response.body()).get("destinations"), "crm").get("routed").asBoolean());
    }

    @Test
    void servesTheOpenApiDescription() {
        HttpResponse<String> response = gateway.get("/api/openapi.json");

        assertEquals(200, response.statusCode());
        JsonNode doc = Gateway.json(response.body());
        assertEquals("3.0.3", doc.get("openapi").asText());
        assertTrue(doc.get("paths").has("/api/deliveries/replay"));
    }

    private static JsonNode find(JsonNode items, String name) {
        for (JsonNode item : items) {
            if (item.get("name").asText().equals(name)) {
                return item;
            }
        }
        throw new AssertionError(name + " not in " + items);
    }
}
