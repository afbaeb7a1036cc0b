package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Downstream;
import io.kurir.support.Downstream.Answer;
import io.kurir.support.Gateway;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Ordered delivery per key through the shipped routes, on both stores: shop-backend ordered by
 * `${jsonpath($.order_id)}`, a receiver that fails the first attempt of every other event, and the
 * order of what reaches it, per order id.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OrderedDeliveryTest {

    private static final Pattern MARK = Pattern.compile("\\|(o-[a-z0-9]+)#(\\d+)\\|");

    @Parameter
    TestStore store;

    private Downstream shop;
    private Gateway gateway;

    @BeforeParameterizedClassInvocation
    void start() throws Exception {
        shop = new Downstream();
        gateway = Gateway.onFreshStore(store, Map.of(
                "kurir.destination.shop-backend.url", shop.url("/webhooks/shipping"),
                "kurir.destination.shop-backend.order-key", "${jsonpath($.order_id)}",
                "kurir.destination.shop-backend.retry.max-attempts", "3",
                "kurir.retry.initial-delay", "200",
                "kurir.retry.max-delay", "400",
                // the default: the next of a key goes when the one before it is recorded, not at a poll
                "kurir.deliver.poll-interval", "1000"));
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

    /** A Biteship waybill update of `order`, the `n`th of that order, marked so the receiver can tell it. */
    private static String waybill(String order, int n) {
        return "{\"event\":\"order.waybill_id\",\"order_id\":\"" + order + "\",\"courier_tracking_id\":\"trk\","
                + "\"courier_waybill_id\":\"|" + order + "#" + n + "|\",\"status\":\"allocated\"}";
    }

    /** What reached the receiver, per order: the numbers of the events of each request, in the order they came. */
    private Map<String, List<Integer>> receivedPerOrder() {
        Map<String, List<Integer>> perOrder = new TreeMap<>();
        for (Downstream.Received r : shop.all()) {
            Matcher m = MARK.matcher(r.text());
            if (m.find()) {
                perOrder.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Integer.parseInt(m.group(2)));
            }
        }
        return perOrder;
    }

    private void awaitDelivered(List<String> eventIds, Duration within) {
        for (String id : eventIds) {
            gateway.awaitEvent(id, e -> {
                JsonNode d = Gateway.delivery(e, "shop-backend");
                return d != null && (d.get("status").asText().equals("delivered") || d.get("status").asText().equals("dead"));
            }, within);
        }
    }

    @Test
    void aReceiverFailingEveryOtherEventOnceGetsEachOrdersEventsInTheOrderTheyWereReceived() throws Exception {
        int orders = 4;
        int perOrder = 6;
        List<String> eventIds = new ArrayList<>();
        long started = System.nanoTime();
        // interleaved: o-a#0, o-b#0, …, o-a#1, …; every other event fails its first attempt, of each order and overall
        for (int n = 0; n < perOrder; n++) {
            for (int o = 0; o < orders; o++) {
                String order = "o-" + (char) ('a' + o);
                if ((n + o) % 2 == 1) {
                    shop.answerFor("|" + order + "#" + n + "|", Answer.status(503, "not now"));
                }
                eventIds.add(gateway.postBiteship("/hooks/biteship", waybill(order, n)));
            }
        }
        awaitDelivered(eventIds, Duration.ofSeconds(60));
        long millis = (System.nanoTime() - started) / 1_000_000;

        Map<String, List<Integer>> received = receivedPerOrder();
        assertEquals(orders, received.size(), received.toString());
        for (Map.Entry<String, List<Integer>> order : received.entrySet()) {
            List<Integer> numbers = order.getValue();
            for (int i = 1; i < numbers.size(); i++) {
                assertTrue(numbers.get(i) >= numbers.get(i - 1), "order " + order.getKey() + " reached the receiver as " + numbers);
            }
            assertEquals(perOrder, numbers.stream().distinct().count(), order.getKey() + ": " + numbers);
        }
        assertEquals(orders * perOrder + orders * perOrder / 2, shop.all().size(), "each event once, every other one twice");
        System.out.println("ORDERED-DELIVERY store=" + store + " orders=" + orders + " per_order=" + perOrder + " requests="
                + shop.all().size() + " millis=" + millis + " received=" + received);
    }

    @Test
    void anOrderWaitingForARetryHoldsNoOtherOrderAndGoesOnOnceRetried() throws Exception {
        // o-held's first event is told to come back in a minute: its later events wait, o-free's do not
        shop.answerFor("|o-held#0|", new Answer(429, Map.of("Retry-After", "60"), "later"));
        String first = gateway.postBiteship("/hooks/biteship", waybill("o-held", 0));
        List<String> held = List.of(gateway.postBiteship("/hooks/biteship", waybill("o-held", 1)),
                gateway.postBiteship("/hooks/biteship", waybill("o-held", 2)));
        List<String> free = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            free.add(gateway.postBiteship("/hooks/biteship", waybill("o-free", n)));
        }
        awaitDelivered(free, Duration.ofSeconds(15));
        gateway.awaitEvent(first, e -> Gateway.delivery(e, "shop-backend").get("status").asText().equals("retrying"), Duration.ofSeconds(15));
        Thread.sleep(1500); // two polls more: the held ones must still be waiting
        assertEquals(Map.of("o-free", List.of(0, 1, 2), "o-held", List.of(0)), receivedPerOrder());
        for (String id : held) {
            assertEquals("pending", Gateway.delivery(gateway.api("/api/events/" + id), "shop-backend").get("status").asText());
        }

        // an operator's retry of the first lets it go now, then the rest of its order
        String deliveryId = Gateway.delivery(gateway.api("/api/events/" + first), "shop-backend").get("id").asText();
        gateway.apiPost("/api/deliveries/" + deliveryId + "/retry");
        awaitDelivered(held, Duration.ofSeconds(15));
        assertEquals(List.of(0, 0, 1, 2), receivedPerOrder().get("o-held"));
    }

    @Test
    void aDeadDeliveryLetsTheRestOfItsOrderGo() {
        shop.answerFor("|o-dead#0|", Answer.status(500, "no"), Answer.status(500, "no"), Answer.status(500, "no"));
        String first = gateway.postBiteship("/hooks/biteship", waybill("o-dead", 0));
        String second = gateway.postBiteship("/hooks/biteship", waybill("o-dead", 1));
        awaitDelivered(List.of(first, second), Duration.ofSeconds(20));
        assertEquals("dead", Gateway.delivery(gateway.api("/api/events/" + first), "shop-backend").get("status").asText());
        assertEquals(List.of(0, 0, 0, 1), receivedPerOrder().get("o-dead"));
    }

    @Test
    void storesTheKeyOfEachDeliveryAndTheReceiptOfItsEvent() throws Exception {
        String id = gateway.postBiteship("/hooks/biteship", waybill("o-stored", 0));
        awaitDelivered(List.of(id), Duration.ofSeconds(15));
        try (Connection c = gateway.database();
             PreparedStatement s = c.prepareStatement("SELECT d.order_key, d.order_at, e.received_at FROM deliveries d "
                     + "JOIN events e ON e.id = d.event_id WHERE d.event_id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("o-stored", rs.getString(1));
                assertEquals(rs.getLong(3), rs.getLong(2));
            }
        }
    }

    /** The shipped example: shipment-db is ordered by order id, so a retried "picked" never lands after "delivered". */
    @Test
    void theShippedShipmentStatusTableEndsWithTheLastStatusOfEachOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String status : List.of("allocated", "picked", "dropping_off", "delivered")) {
            ids.add(gateway.postBiteship("/hooks/biteship", "{\"event\":\"order.status\",\"order_id\":\"ship-ordered\",\"status\":\""
                    + status + "\",\"courier_company\":\"jne\",\"courier_waybill_id\":\"WYB-1\"}"));
        }
        for (String id : ids) {
            gateway.awaitEvent(id, e -> {
                JsonNode d = Gateway.delivery(e, "shipment-db");
                return d != null && d.get("status").asText().equals("delivered");
            }, Duration.ofSeconds(15));
        }
        try (Connection c = gateway.routesDatabase();
             PreparedStatement s = c.prepareStatement("SELECT status, event_id FROM shipment_status WHERE order_id = ?")) {
            s.setString(1, "ship-ordered");
            try (ResultSet rs = s.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("delivered", rs.getString(1));
                assertEquals(ids.get(3), rs.getString(2));
            }
        }
        try (Connection c = gateway.database();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(DISTINCT order_key) FROM deliveries WHERE destination = 'shipment-db' "
                     + "AND order_key = 'ship-ordered'")) {
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }
}
