package io.kurir.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** GET /api/events and /api/events/{id}: the events log, behind the admin token, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsApiTest {

    @Parameter
    TestStore store;

    private Gateway gateway;

    @BeforeParameterizedClassInvocation
    void start() {
        gateway = Gateway.onFreshStore(store, Map.of());
        for (int i = 0; i < 5; i++) {
            byte[] body = ("{\"action\":\"parcel_status_changed\",\"parcel\":{\"id\":" + i + ",\"status\":{\"id\":3,\"message\":\"x\"}}}").getBytes();
            gateway.post("/hooks/sendcloud", "application/json", body, "Sendcloud-Signature", Signing.sendcloud(body));
        }
        byte[] body = "{\"event\":\"order.price\",\"order_id\":\"p1\",\"price\":12000}".getBytes();
        gateway.post("/hooks/biteship", "application/json", body, "X-Biteship-Signature", Signing.BITESHIP_SECRET);
    }

    @AfterParameterizedClassInvocation
    void stop() {
        gateway.close();
    }

    @Test
    void refusesRequestsWithoutTheToken() {
        HttpResponse<String> response = gateway.get("/api/events");

        assertEquals(401, response.statusCode());
        assertEquals("unauthorized", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void refusesAWrongToken() {
        assertEquals(401, gateway.get("/api/events", "Authorization", "Bearer not-the-token").statusCode());
        assertEquals(401, gateway.get("/api/events/evt_x", "Authorization", "Basic " + Gateway.ADMIN_TOKEN).statusCode());
    }

    @Test
    void refusesATokenInTheQueryString() {
        assertEquals(401, gateway.get("/api/events?Authorization=Bearer%20" + Gateway.ADMIN_TOKEN).statusCode());
    }

    @Test
    void filtersBySourceAndType() {
        JsonNode sendcloud = gateway.api("/api/events?source=sendcloud").get("events");
        JsonNode prices = gateway.api("/api/events?type=order.price").get("events");

        assertEquals(5, sendcloud.size());
        sendcloud.forEach(e -> assertEquals("sendcloud", e.get("source").asText()));
        assertEquals(1, prices.size());
        assertEquals("biteship", prices.get(0).get("source").asText());
    }

    @Test
    void pagesNewestFirstWithACursor() {
        JsonNode first = gateway.api("/api/events?source=sendcloud&limit=2");
        JsonNode second = gateway.api("/api/events?source=sendcloud&limit=2&before=" + first.get("next").asText());
        JsonNode third = gateway.api("/api/events?source=sendcloud&limit=2&before=" + second.get("next").asText());

        Set<String> seen = new HashSet<>();
        for (JsonNode page : new JsonNode[] {first, second, third}) {
            page.get("events").forEach(e -> assertTrue(seen.add(e.get("id").asText()), "seen twice: " + e));
        }
        assertEquals(5, seen.size());
        assertTrue(third.get("next").isNull());
        String newest = first.get("events").get(0).get("id").asText();
        assertTrue(newest.compareTo(first.get("events").get(1).get("id").asText()) > 0);
    }

    @Test
    void answers400ForABadFilter() {
        HttpResponse<String> status = gateway.get("/api/events?status=lost", "Authorization", "Bearer " + Gateway.ADMIN_TOKEN);
        HttpResponse<String> limit = gateway.get("/api/events?limit=lots", "Authorization", "Bearer " + Gateway.ADMIN_TOKEN);

        assertEquals(400, status.statusCode());
        assertTrue(Gateway.json(status.body()).get("message").asText().contains("status"));
        assertEquals(400, limit.statusCode());
        assertTrue(Gateway.json(limit.body()).get("message").asText().contains("limit"));
    }

    @Test
    void answers404ForAnUnknownEvent() {
        HttpResponse<String> response = gateway.get("/api/events/evt_nothing", "Authorization", "Bearer " + Gateway.ADMIN_TOKEN);

        assertEquals(404, response.statusCode());
        assertEquals("not_found", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void showsAnEventWithHeadersBodyAndDeliveries() {
        String id = gateway.api("/api/events?type=order.price").get("events").get(0).get("id").asText();
        JsonNode event = gateway.api("/api/events/" + id);

        assertEquals("{\"event\":\"order.price\",\"order_id\":\"p1\",\"price\":12000}", event.get("body").asText());
        assertTrue(event.get("headers").isObject());
        assertFalse(event.get("headers").toString().contains(Signing.BITESHIP_SECRET));
        assertTrue(event.get("deliveries").isArray());
        assertEquals("shop-backend", event.get("deliveries").get(0).get("destination").asText());
    }
}
