package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL, statements whose best plan depends on the tables' sizes are planned for the tables
 * as they are, not as they were when the gateway started on empty ones.
 */
class PostgresPlansTest {

    private static final int BATCH = 32;

    private String url;
    private HikariDataSource pool;

    @BeforeEach
    void openStore() throws SQLException {
        url = TestStore.POSTGRES.freshUrl();
        try (HikariDataSource migrations = pool(2)) {
            Database.migrate(migrations, "postgresql");
            // an analyze between the steps below would drop the kept plans and hide what this checks
            try (Connection c = migrations.getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE events SET (autovacuum_enabled = false)");
                s.execute("ALTER TABLE deliveries SET (autovacuum_enabled = false)");
            }
        }
        // one connection: every statement below runs in the same session, with its plan cache
        pool = pool(1);
    }

    private HikariDataSource pool(int size) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(TestStore.POSTGRES.user());
        pool.setMaximumPoolSize(size);
        return pool;
    }

    @AfterEach
    void closeStore() {
        if (pool != null) {
            pool.close();
        }
        TestStore.POSTGRES.drop(url);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Events and their deliveries to `shop`, ids prefixed, due at 0 or already delivered. */
    private void addEvents(String prefix, int count, boolean due) throws SQLException {
        execute("INSERT INTO events (id, source, idempotency_key, event_type, environment, status, received_at, headers, labels, body) "
                + "SELECT 'evt_" + prefix + "' || g, 'sendcloud', '" + prefix + "' || g, 'x', 'test', 'routed', g, '{}', '{}', "
                + "convert_to(repeat('x', 1000), 'UTF8') FROM generate_series(1, " + count + ") g");
        execute("INSERT INTO deliveries (id, event_id, destination, status, attempts, created_at, updated_at, next_attempt_at) "
                + "SELECT 'dlv_" + prefix + "' || g, 'evt_" + prefix + "' || g, 'shop', '" + (due ? "pending" : "delivered") + "', 0, g, g, "
                + (due ? "0" : "NULL") + " FROM generate_series(1, " + count + ") g");
    }

    /** Sequential scans of events and deliveries so far, as the server's statistics count them. */
    private long sequentialScans() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            // this session's counts reach the shared statistics when it goes idle, at once after this call
            s.execute("SELECT pg_stat_force_next_flush()");
            s.execute("SELECT pg_stat_clear_snapshot()");
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(SUM(seq_scan), 0) FROM pg_stat_user_tables "
                    + "WHERE schemaname = current_schema() AND relname IN ('events', 'deliveries')")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void aLeaseStillLoadsItsDeliveriesByIndexOnceTheTablesHaveGrownFromEmpty() throws Exception {
        Store writes = new Store(pool, 0, 1, 5_000);
        writes.start();
        DeliveryStore deliveries = new DeliveryStore(writes, 10_000);
        addEvents("early", BATCH, true);
        // leases of a whole batch on tiny tables, twice as many as it takes for a statement's plan to
        // be kept (pgjdbc prepares it on the server at its fifth use, PostgreSQL keeps a generic plan
        // after five custom ones)
        for (long now = 10; now <= 200; now += 10) {
            assertEquals(BATCH, deliveries.claimDue("shop", "me", now, 1, BATCH).size());
        }
        addEvents("later", 20_000, false);

        long before = sequentialScans();
        assertEquals(BATCH, deliveries.claimDue("shop", "me", 1_000, 1, BATCH).size());
        assertEquals(before, sequentialScans(), "the lease scanned the 20,000 events and deliveries instead of reading its 32 by index");
    }

    /** As {@link #addEvents}, each delivery with an ordering key of its own (`prefix` + n) received at n. */
    private void addKeyedEvents(String prefix, int count, boolean due, int keys) throws SQLException {
        addEvents(prefix, count, due);
        int from = ("dlv_" + prefix).length() + 1;
        execute("UPDATE deliveries SET order_key = '" + prefix + "' || (CAST(substr(id, " + from + ") AS INT) % " + keys + "), "
                + "order_at = CAST(substr(id, " + from + ") AS BIGINT) "
                + "WHERE id LIKE 'dlv_" + prefix + "%'");
    }

    @Test
    void anOrderedLeaseReadsTheKeysItChecksByIndexOnceTheTablesHaveGrownFromEmpty() throws Exception {
        Store writes = new Store(pool, 0, 1, 5_000);
        writes.start();
        DeliveryStore deliveries = new DeliveryStore(writes, 10_000);
        addKeyedEvents("early", BATCH, true, BATCH);
        for (long now = 10; now <= 200; now += 10) {
            assertEquals(BATCH, deliveries.claimDue("shop", KeyOrder.BLOCK_AFTER_DEAD, "me", now, 1, BATCH).size());
        }
        // 20,000 deliveries delivered, of 1,000 keys, and as many events (every one routed)
        addKeyedEvents("later", 20_000, false, 1_000);

        long before = sequentialScans();
        assertEquals(BATCH, deliveries.claimDue("shop", KeyOrder.RELEASE_AFTER_DEAD, "me", 1_000, 1, BATCH).size());
        assertEquals(BATCH, deliveries.claimDue("shop", KeyOrder.BLOCK_AFTER_DEAD, "me", 2_000, 1, BATCH).size());
        assertEquals(before, sequentialScans(), "an ordered lease scanned the events or deliveries instead of reading them by index");
    }
}
