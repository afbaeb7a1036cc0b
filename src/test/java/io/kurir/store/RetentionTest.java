package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;

import io.kurir.support.Gateway;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Events older than kurir.retention.days go, with their deliveries and attempts; younger ones stay. */
@ParameterizedClass
@EnumSource(TestStore.class)
class RetentionTest {

    @Parameter
    TestStore store;

    private void insert(String url, String id, long receivedAt) throws Exception {
        try (Connection c = DriverManager.getConnection(url, store.user(), "")) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO events (id, source, idempotency_key, event_type, environment, status, "
                    + "received_at, content_type, headers, labels, body) VALUES (?, 'sendcloud', ?, 'x', 'test', 'routed', ?, "
                    + "'application/json', '{}', '{}', ?)")) {
                s.setString(1, id);
                s.setString(2, id);
                s.setLong(3, receivedAt);
                s.setBytes(4, "{}".getBytes(StandardCharsets.UTF_8));
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO deliveries (id, event_id, destination, status, attempts, created_at, "
                    + "updated_at) VALUES (?, ?, 'shop-backend', 'delivered', 1, ?, ?)")) {
                s.setString(1, "dlv" + id.substring(3));
                s.setString(2, id);
                s.setLong(3, receivedAt);
                s.setLong(4, receivedAt);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, succeeded) "
                    + "VALUES (?, 1, ?, 5, TRUE)")) {
                s.setString(1, "dlv" + id.substring(3));
                s.setLong(2, receivedAt);
                s.executeUpdate();
            }
        }
    }

    private long count(String url, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url, store.user(), "");
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void purgesEventsOlderThanTheRetentionWithTheirDeliveriesAndAttempts() throws Exception {
        String url = store.freshUrl();
        try {
            Gateway.start(store, url, Map.of()).close();
            long day = Duration.ofDays(1).toMillis();
            for (int i = 0; i < 3; i++) {
                insert(url, "evt_old0000000000000000000" + i, System.currentTimeMillis() - 40 * day);
            }
            insert(url, "evt_new00000000000000000000", System.currentTimeMillis() - 2 * day);

            try (Gateway gateway = Gateway.start(store, url, Map.of("kurir.retention.days", "30", "kurir.retention.interval", "200"))) {
                long deadline = System.currentTimeMillis() + 10_000;
                while (count(url, "events") > 1 && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                assertEquals(1, count(url, "events"));
                assertEquals(1, count(url, "deliveries"));
                assertEquals(1, count(url, "attempts"));
                assertEquals(200, gateway.get("/api/events/evt_new00000000000000000000", "Authorization",
                        "Bearer " + Gateway.ADMIN_TOKEN).statusCode());
            }
        } finally {
            store.drop(url);
        }
    }
}
