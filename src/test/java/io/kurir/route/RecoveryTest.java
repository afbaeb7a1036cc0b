package io.kurir.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Downstream;
import io.kurir.support.Gateway;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a restarted gateway finds in the store after a crash: events not yet routed, deliveries
 * leased by an instance that died, instances that are up or down. Rows are written as the crashed
 * instance (or another instance of the fleet) left them.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class RecoveryTest {

    private static final String BODY = "{\"event\":\"order.waybill_id\",\"order_id\":\"crash-1\",\"status\":\"allocated\"}";

    @Parameter
    TestStore store;

    private String dbUrl;
    private Downstream shop;

    @BeforeEach
    void migratedStore() throws Exception {
        dbUrl = store.freshUrl();
        shop = new Downstream();
        // a first run creates the schema, as the crashed instance did
        Gateway.start(store, dbUrl, Map.of()).close();
    }

    @AfterEach
    void cleanUp() {
        shop.close();
        store.drop(dbUrl);
    }

    private Gateway restart() {
        return Gateway.start(store, dbUrl, Map.of(
                "kurir.destination.shop-backend.url", shop.url("/webhooks/shipping"),
                "kurir.deliver.poll-interval", "50"));
    }

    private void insertEvent(String id, String status) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(dbUrl, store.user(), "");
             PreparedStatement s = c.prepareStatement("INSERT INTO events (id, source, idempotency_key, event_type, environment, status, "
                     + "received_at, content_type, headers, labels, body) VALUES (?, 'biteship', ?, 'order.waybill_id', 'test', ?, ?, "
                     + "'application/json', '{}', '{}', ?)")) {
            s.setString(1, id);
            s.setString(2, "key-" + id);
            s.setString(3, status);
            s.setLong(4, System.currentTimeMillis() - 60_000);
            s.setBytes(5, BODY.getBytes(StandardCharsets.UTF_8));
            s.executeUpdate();
        }
    }

    private void insertInstance(String id, long lastBeat) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(dbUrl, store.user(), "");
             PreparedStatement s = c.prepareStatement("INSERT INTO instances (id, host, version, boot, started_at, last_beat) "
                     + "VALUES (?, 'elsewhere', 'test', 'boot-1', ?, ?)")) {
            s.setString(1, id);
            s.setLong(2, lastBeat - 60_000);
            s.setLong(3, lastBeat);
            s.executeUpdate();
        }
    }

    private void setColumn(String table, String column, String value, String id) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(dbUrl, store.user(), "");
             PreparedStatement s = c.prepareStatement("UPDATE " + table + " SET " + column + " = ? WHERE id = ?")) {
            s.setString(1, value);
            s.setString(2, id);
            s.executeUpdate();
        }
    }

    private void insertDelivery(String id, String eventId, String status, String leaseOwner, Long leaseUntil, Long nextAttemptAt) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection(dbUrl, store.user(), "");
             PreparedStatement s = c.prepareStatement("INSERT INTO deliveries (id, event_id, destination, status, attempts, created_at, "
                     + "updated_at, next_attempt_at, lease_owner, lease_until) VALUES (?, ?, 'shop-backend', ?, 0, 0, 0, ?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, eventId);
            s.setString(3, status);
            s.setObject(4, nextAttemptAt);
            s.setString(5, leaseOwner);
            s.setObject(6, leaseUntil);
            s.executeUpdate();
        }
    }

    @Test
    void routesEventsThatWereStoredButNotRoutedBeforeTheCrash() throws Exception {
        insertEvent("evt_00000000000000000000000001", "received");

        try (Gateway gateway = restart()) {
            Downstream.Received received = shop.next();
            assertEquals(BODY, new String(received.body(), StandardCharsets.UTF_8));
            assertEquals("evt_00000000000000000000000001", received.header("webhook-id"));
            gateway.awaitEvent("evt_00000000000000000000000001", e -> e.get("status").asText().equals("routed"), Duration.ofSeconds(10));
        }
    }

    @Test
    void leavesAnEventToTheInstanceThatStoredItWhileThatInstanceBeats() throws Exception {
        insertEvent("evt_00000000000000000000000005", "received");
        insertInstance("kurir-other", System.currentTimeMillis());
        setColumn("events", "route_owner", "kurir-other", "evt_00000000000000000000000005");

        try (Gateway gateway = Gateway.start(store, dbUrl, Map.of(
                "kurir.destination.shop-backend.url", shop.url("/webhooks/shipping"),
                "kurir.deliver.poll-interval", "50",
                "kurir.instance.timeout", "3000",
                "kurir.route.recovery-interval", "200"))) {
            Thread.sleep(1_500);
            assertEquals("received", gateway.api("/api/events/evt_00000000000000000000000005").get("status").asText(),
                    "the instance that stored it is up");
            // kurir-other beats no more: once its last beat is older than the timeout, its event is taken over
            assertEquals("evt_00000000000000000000000005", shop.next().header("webhook-id"));
        }
    }

    @Test
    void takesBackItsOwnWorkAtOnceWhenRestartedUnderTheSameId() throws Exception {
        insertEvent("evt_00000000000000000000000006", "received");
        insertEvent("evt_00000000000000000000000007", "routed");
        long now = System.currentTimeMillis();
        // the process that crashed had beaten just now and leased the delivery for two more minutes
        insertInstance("node-a", now);
        setColumn("events", "route_owner", "node-a", "evt_00000000000000000000000006");
        insertDelivery("dlv_00000000000000000000000007", "evt_00000000000000000000000007", "pending", "node-a", now + 120_000, now - 1000);

        try (Gateway gateway = Gateway.start(store, dbUrl, Map.of(
                "kurir.destination.shop-backend.url", shop.url("/webhooks/shipping"),
                "kurir.deliver.poll-interval", "50",
                "kurir.instance.id", "node-a"))) {
            Set<String> ids = Set.of(shop.next().header("webhook-id"), shop.next().header("webhook-id"));
            assertEquals(Set.of("evt_00000000000000000000000006", "evt_00000000000000000000000007"), ids);
        }
    }

    @Test
    void takesOverAtOnceTheDeliveriesOfAnInstanceWhoseHeartbeatStopped() throws Exception {
        insertEvent("evt_00000000000000000000000008", "routed");
        long now = System.currentTimeMillis();
        insertInstance("node-b", now - 60_000);
        insertDelivery("dlv_00000000000000000000000008", "evt_00000000000000000000000008", "pending", "node-b", now + 120_000, now - 1000);

        try (Gateway gateway = restart()) {
            assertEquals("evt_00000000000000000000000008", shop.next().header("webhook-id"));
            JsonNode event = gateway.awaitEvent("evt_00000000000000000000000008",
                    e -> e.get("deliveries").get(0).get("status").asText().equals("delivered"), Duration.ofSeconds(10));
            JsonNode self = java.util.stream.StreamSupport.stream(gateway.api("/api/instances").get("instances").spliterator(), false)
                    .filter(i -> i.get("self").asBoolean()).findFirst().orElseThrow();
            assertEquals(self.get("id").asText(), event.get("deliveries").get(0).get("attemptLog").get(0).get("instance").asText());
        }
    }

    @Test
    void leavesTheDeliveriesOfAnInstanceThatBeats() throws Exception {
        insertEvent("evt_00000000000000000000000009", "routed");
        long now = System.currentTimeMillis();
        insertInstance("node-c", now + 60_000);
        insertDelivery("dlv_00000000000000000000000009", "evt_00000000000000000000000009", "pending", "node-c", now + 120_000, now - 1000);

        try (Gateway gateway = restart()) {
            Thread.sleep(1_000);
            assertEquals(0, shop.all().size(), "node-c is up and holds the lease");
        }
    }

    @Test
    void anOperatorRetryTakesADeliveryFromItsHolderAtOnce() throws Exception {
        insertEvent("evt_00000000000000000000000010", "routed");
        long now = System.currentTimeMillis();
        // killed a moment ago: its lease would otherwise hold until it counts as down, or for two minutes
        insertInstance("node-d", now);
        insertDelivery("dlv_00000000000000000000000010", "evt_00000000000000000000000010", "retrying", "node-d", now + 120_000, now + 3_600_000);

        try (Gateway gateway = restart()) {
            gateway.apiPost("/api/deliveries/dlv_00000000000000000000000010/retry");
            assertEquals("evt_00000000000000000000000010", shop.next(Duration.ofSeconds(2)).header("webhook-id"));
        }
    }

    @Test
    void routesAgainAnEventWhoseRouteFailedEarlier() throws Exception {
        insertEvent("evt_00000000000000000000000004", "route_failed");
        try (Connection c = java.sql.DriverManager.getConnection(dbUrl, store.user(), "");
             PreparedStatement s = c.prepareStatement("UPDATE events SET routed_at = ? WHERE id = ?")) {
            s.setLong(1, System.currentTimeMillis() - 120_000);
            s.setString(2, "evt_00000000000000000000000004");
            s.executeUpdate();
        }

        try (Gateway gateway = restart()) {
            assertEquals("evt_00000000000000000000000004", shop.next().header("webhook-id"));
            gateway.awaitEvent("evt_00000000000000000000000004", e -> e.get("status").asText().equals("routed"), Duration.ofSeconds(10));
        }
    }

    @Test
    void takesOverDeliveriesLeasedByAnInstanceThatDied() throws Exception {
        insertEvent("evt_00000000000000000000000002", "routed");
        long now = System.currentTimeMillis();
        insertDelivery("dlv_00000000000000000000000002", "evt_00000000000000000000000002", "pending", "kurir-dead", now - 1, now - 1000);

        try (Gateway gateway = restart()) {
            assertEquals("evt_00000000000000000000000002", shop.next().header("webhook-id"));
            JsonNode event = gateway.awaitEvent("evt_00000000000000000000000002",
                    e -> e.get("deliveries").get(0).get("status").asText().equals("delivered"), Duration.ofSeconds(10));
            assertEquals(1, event.get("deliveries").get(0).get("attempts").asInt());
        }
    }

    @Test
    void neverDuplicatesADeliveryWhenAnEventIsRoutedAgain() throws Exception {
        // the crash came after the route recorded (and even made) the delivery, before the event was marked routed
        insertEvent("evt_00000000000000000000000003", "received");
        insertDelivery("dlv_00000000000000000000000003", "evt_00000000000000000000000003", "delivered", null, null, null);

        try (Gateway gateway = restart()) {
            JsonNode event = gateway.awaitEvent("evt_00000000000000000000000003",
                    e -> e.get("status").asText().equals("routed"), Duration.ofSeconds(10));
            assertEquals(1, event.get("deliveries").size());
            assertEquals("delivered", event.get("deliveries").get(0).get("status").asText());
            Thread.sleep(300);
            assertEquals(0, shop.all().size());
        }
    }
}
