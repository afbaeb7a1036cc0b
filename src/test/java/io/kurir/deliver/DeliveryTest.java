package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
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

/** From a stored event through the shipped YAML routes to destinations, with retries, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryTest {

    /** The shop-backend signing secret shipped in application.properties. */
    private static final String SIGNING_SECRET = "whsec_ZGV2LXNob3AtYmFja2VuZC1zaWduaW5nLWtleQ==";

    @Parameter
    TestStore store;

    private Downstream shop;
    private Gateway gateway;

    @BeforeParameterizedClassInvocation
    void start() throws Exception {
        shop = new Downstream();
        gateway = Gateway.onFreshStore(store, Map.of(
                "kurir.destination.shop-backend.url", shop.url("/webhooks/shipping"),
                "kurir.destination.shop-backend.forward-headers", "X-Biteship-Request",
                "kurir.retry.max-attempts", "3",
                "kurir.retry.initial-delay", "200",
                "kurir.retry.max-delay", "800",
                "kurir.deliver.poll-interval", "50"));
    }

    @AfterParameterizedClassInvocation
    void stop() {
        gateway.close();
        shop.close();
    }

    @BeforeEach
    void freshDownstream() {
        shop.reset();
    }

    private String postBiteship(String path, String body) {
        return gateway.postBiteship(path, body);
    }

    private static String waybill(String orderId) {
        return "{\"event\":\"order.waybill_id\",\"order_id\":\"" + orderId + "\",\"courier_tracking_id\":\"trk\","
                + "\"courier_waybill_id\":\"WYB-" + orderId + "\",\"status\":\"allocated\"}";
    }

    private JsonNode awaitDelivery(String eventId, String destination, String status) {
        return gateway.awaitEvent(eventId, e -> {
            JsonNode d = Gateway.delivery(e, destination);
            return d != null && d.get("status").asText().equals(status);
        }, Duration.ofSeconds(15));
    }

    @Test
    void deliversTheExactBodySignedWithStandardWebhooks() throws Exception {
        String body = waybill("sign-1");
        String eventId = postBiteship("/hooks/biteship?campaign=flash-sale", body);

        Downstream.Received received = shop.next();
        assertEquals(body, new String(received.body(), StandardCharsets.UTF_8));
        assertEquals(eventId, received.header("webhook-id"));
        String timestamp = received.header("webhook-timestamp");
        byte[] key = Base64.getDecoder().decode(SIGNING_SECRET.substring("whsec_".length()));
        byte[] signed = (eventId + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8);
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
        assertEquals("v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed)), received.header("webhook-signature"));
    }

    @Test
    void forwardsTheHeadersItIsToldTo() throws Exception {
        gateway.post("/hooks/biteship", "application/json", waybill("forward-1").getBytes(StandardCharsets.UTF_8),
                "X-Biteship-Signature", Signing.BITESHIP_SECRET, "X-Biteship-Request", "req-forward-1", "X-Other", "not listed");

        Downstream.Received received = shop.next();
        assertEquals("req-forward-1", received.header("X-Biteship-Request"));
        assertNull(received.header("X-Other"));
        assertNull(received.header("X-Biteship-Signature"));
    }

    @Test
    void keepsKurirHeadersAndLabelsOutOfOutboundRequests() throws Exception {
        postBiteship("/hooks/biteship?campaign=flash-sale", waybill("headers-1"));

        Downstream.Received received = shop.next();
        assertNull(received.header("campaign"));
        assertFalse(received.headers().keySet().stream().anyMatch(h -> h.toLowerCase().startsWith("kurir")), received.headers().toString());
    }

    @Test
    void retriesFailedAttemptsWithGrowingDelaysUntilDelivered() {
        shop.answerFor("retry-1", Answer.status(500, "{\"error\":\"db down\"}"), Answer.status(503, "busy"));
        String eventId = postBiteship("/hooks/biteship", waybill("retry-1"));

        JsonNode d = Gateway.delivery(awaitDelivery(eventId, "shop-backend", "delivered"), "shop-backend");
        assertEquals(3, d.get("attempts").asInt());
        List<JsonNode> log = List.copyOf(toList(d.get("attemptLog")));
        assertEquals(500, log.get(0).get("statusCode").asInt());
        assertEquals("{\"error\":\"db down\"}", log.get(0).get("response").asText());
        assertEquals(503, log.get(1).get("statusCode").asInt());
        assertEquals(200, log.get(2).get("statusCode").asInt());
        assertTrue(log.get(2).get("succeeded").asBoolean());
        List<Downstream.Received> tries = shop.all(r -> r.text().contains("retry-1"));
        long firstGap = tries.get(1).atMillis() - tries.get(0).atMillis();
        long secondGap = tries.get(2).atMillis() - tries.get(1).atMillis();
        assertTrue(firstGap >= 100, "first retry waits at least half of 200 ms, waited " + firstGap);
        assertTrue(secondGap >= 200, "second retry waits at least half of 400 ms, waited " + secondGap);
    }

    @Test
    void declaresDeliveryDeadAfterTheLastAttempt() {
        shop.otherwise(Answer.status(500, "still down"));
        String eventId = postBiteship("/hooks/biteship", waybill("dead-1"));

        JsonNode d = Gateway.delivery(awaitDelivery(eventId, "shop-backend", "dead"), "shop-backend");
        assertEquals(3, d.get("attempts").asInt());
        assertTrue(d.get("nextAttemptAt").isNull());
        assertEquals(500, d.get("lastStatusCode").asInt());
        assertEquals(3, shop.all(r -> r.text().contains("dead-1")).size());
    }

    @Test
    void honoursRetryAfterOverTheBackoff() {
        shop.answerFor("retry-after-1", new Answer(429, Map.of("Retry-After", "2"), "slow down"));
        String eventId = postBiteship("/hooks/biteship", waybill("retry-after-1"));

        awaitDelivery(eventId, "shop-backend", "delivered");
        List<Downstream.Received> tries = shop.all(r -> r.text().contains("retry-after-1"));
        long gap = tries.get(1).atMillis() - tries.get(0).atMillis();
        assertTrue(gap >= 1900, "Retry-After: 2 was honoured over the 200 ms backoff, waited " + gap);
    }

    @Test
    void writesOrderStatusIntoTheShipmentStatusTable() throws Exception {
        String first = postBiteship("/hooks/biteship", "{\"event\":\"order.status\",\"order_id\":\"jdbc-1\",\"status\":\"picked\","
                + "\"courier_company\":\"jne\",\"courier_waybill_id\":\"WYB-9\"}");
        awaitDelivery(first, "shipment-db", "delivered");
        String second = postBiteship("/hooks/biteship", "{\"event\":\"order.status\",\"order_id\":\"jdbc-1\",\"status\":\"delivered\","
                + "\"courier_company\":\"jne\",\"courier_waybill_id\":\"WYB-9\"}");
        awaitDelivery(second, "shipment-db", "delivered");

        try (Connection c = gateway.routesDatabase();
             PreparedStatement s = c.prepareStatement("SELECT status, courier, waybill_id, event_id FROM shipment_status WHERE order_id = ?")) {
            s.setString(1, "jdbc-1");
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("delivered", rs.getString(1));
                assertEquals("jne", rs.getString(2));
                assertEquals("WYB-9", rs.getString(3));
                assertEquals(second, rs.getString(4));
                assertFalse(rs.next());
            }
        }
    }

    @Test
    void routesSendcloudParcelsByStatus() throws Exception {
        String delivered = "{\"action\":\"parcel_status_changed\",\"parcel\":{\"id\":1,\"status\":{\"id\":11,\"message\":\"Delivered\"}}}";
        String enRoute = "{\"action\":\"parcel_status_changed\",\"parcel\":{\"id\":2,\"status\":{\"id\":3,\"message\":\"En route to sorting center\"}}}";
        String deliveredId = postSendcloud(delivered);
        String enRouteId = postSendcloud(enRoute);

        assertEquals(delivered, new String(shop.next().body(), StandardCharsets.UTF_8));
        awaitDelivery(deliveredId, "shop-backend", "delivered");
        JsonNode other = gateway.awaitEvent(enRouteId, e -> e.get("status").asText().equals("routed"), Duration.ofSeconds(10));
        assertEquals(0, other.get("deliveries").size());
    }

    private String postSendcloud(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        var response = gateway.post("/hooks/sendcloud", "application/json", bytes, "Sendcloud-Signature", Signing.sendcloud(bytes));
        assertEquals(200, response.statusCode(), response.body());
        return Gateway.json(response.body()).get("id").asText();
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
