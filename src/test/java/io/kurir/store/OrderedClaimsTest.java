package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariDataSource;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Claims of a destination ordered per key, on both stores: only the first undelivered delivery of a
 * key (by its event's receipt) is leased, dead ones release or block the rest as configured, an
 * unrouted earlier event holds later ones for a while, a replayed old delivery goes first without
 * holding its key for good, and two instances claiming at once never lease two deliveries of a key.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class OrderedClaimsTest {

    private static final String DESTINATION = "shipment-db";
    private static final long LEASE = 60_000;

    @Parameter
    TestStore store;

    private String url;
    private HikariDataSource pool;
    private DeliveryStore deliveries;
    private long now;
    private Store writes;

    @BeforeEach
    void openStore() {
        url = store.freshUrl();
        pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(store.user());
        pool.setMaximumPoolSize(6);
        Database.migrate(pool, store == TestStore.POSTGRES ? "postgresql" : "sqlite");
        now = System.currentTimeMillis();
        writes = new Store(pool, 0, 1, 5_000);
        writes.start();
        InstanceStore instances = new InstanceStore(writes);
        instances.register("a", "host", "test", "boot", now);
        instances.register("b", "host", "test", "boot", now);
        // every registered instance counts as up: leases are let go only by recording an attempt
        deliveries = new DeliveryStore(writes, 1_000_000_000L);
    }

    @AfterEach
    void closeStore() {
        writes.stop();
        pool.close();
        store.drop(url);
    }

    private void execute(String sql, Object... args) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            Sql.bind(s, List.of(args));
            s.executeUpdate();
        }
    }

    /** An event received at `receivedAt` with `status`, and (when routed) its pending delivery with `key`; the delivery's id. */
    private String event(String name, long receivedAt, String status, String key) throws SQLException {
        String eventId = "evt_" + name;
        execute("INSERT INTO events (id, source, idempotency_key, event_type, environment, status, received_at, headers, labels, body) "
                + "VALUES (?, 'biteship', ?, 'order.status', 'test', ?, ?, '{}', '{}', ?)", eventId, eventId, status, receivedAt,
                name.getBytes(StandardCharsets.UTF_8));
        if (!status.equals(StoredEvent.ROUTED)) {
            return null;
        }
        String id = "dlv_" + name;
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO deliveries (id, event_id, destination, status, attempts, created_at, updated_at, next_attempt_at, order_key, "
                        + "order_at) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?)")) {
            // created in the reverse order of receipt, as routing on several threads may do
            Sql.bind(s, java.util.Arrays.asList(id, eventId, DESTINATION, now, now, now - 1000, key, key == null ? null : receivedAt));
            s.executeUpdate();
        }
        return id;
    }

    private List<String> claim(KeyOrder order, String owner) {
        return claim(order, owner, now);
    }

    private List<String> claim(KeyOrder order, String owner, long at) {
        return deliveries.claimDue(DESTINATION, order, owner, at, LEASE, 32).stream().map(d -> d.delivery().id()).sorted().toList();
    }

    /** Records an attempt of a claimed delivery and waits for the attempt writer to commit it. */
    private void record(String id, String owner, String status) throws InterruptedException {
        boolean succeeded = status.equals(Delivery.DELIVERED);
        Long next = status.equals(Delivery.RETRYING) ? now - 1 : null;
        deliveries.recordAttempt(id, DESTINATION, owner, new Attempt(1, now, 1, succeeded, succeeded ? 200 : 500, "", null, owner),
                status, next, now);
        long deadline = System.currentTimeMillis() + 10_000;
        while (!deliveries.find(id).orElseThrow().status().equals(status) || deliveries.find(id).orElseThrow().leaseOwner() != null) {
            assertTrue(System.currentTimeMillis() < deadline, "attempt of " + id + " not recorded");
            Thread.sleep(5);
        }
    }

    @Test
    void leasesOnlyTheFirstUndeliveredDeliveryOfEachKeyByItsEventsReceipt() throws Exception {
        // created last, received first
        event("k1-3", now - 7_000, StoredEvent.ROUTED, "order-1");
        event("k1-2", now - 8_000, StoredEvent.ROUTED, "order-1");
        event("k1-1", now - 9_000, StoredEvent.ROUTED, "order-1");
        event("k2-1", now - 8_500, StoredEvent.ROUTED, "order-2");
        event("free", now - 9_500, StoredEvent.ROUTED, null);

        assertEquals(List.of("dlv_free", "dlv_k1-1", "dlv_k2-1"), claim(KeyOrder.RELEASE_AFTER_DEAD, "a"));
        // held while the first of its key is leased, by this instance or another
        assertEquals(List.of(), claim(KeyOrder.RELEASE_AFTER_DEAD, "b"));

        record("dlv_k1-1", "a", Delivery.RETRYING);
        // still held: the first one is retrying, and due again, so it is the one leased
        assertEquals(List.of("dlv_k1-1"), claim(KeyOrder.RELEASE_AFTER_DEAD, "b"));
        record("dlv_k1-1", "b", Delivery.DELIVERED);
        assertEquals(List.of("dlv_k1-2"), claim(KeyOrder.RELEASE_AFTER_DEAD, "a"));

        // unordered, the same rows are leased all at once
        record("dlv_k1-2", "a", Delivery.RETRYING);
        assertEquals(List.of("dlv_k1-2", "dlv_k1-3"), claim(KeyOrder.NONE, "b"));
    }

    @Test
    void aDeadDeliveryReleasesTheRestOfItsKeyOrBlocksThemAsConfigured() throws Exception {
        event("k-1", now - 9_000, StoredEvent.ROUTED, "order-1");
        event("k-2", now - 8_000, StoredEvent.ROUTED, "order-1");
        assertEquals(List.of("dlv_k-1"), claim(KeyOrder.BLOCK_AFTER_DEAD, "a"));
        record("dlv_k-1", "a", Delivery.DEAD);

        assertEquals(List.of(), claim(KeyOrder.BLOCK_AFTER_DEAD, "a"));
        assertEquals(List.of("dlv_k-2"), claim(KeyOrder.RELEASE_AFTER_DEAD, "a"));
        record("dlv_k-2", "a", Delivery.DELIVERED);

        // blocked: an operator's retry of the dead one lets it go first, then the rest
        event("k-3", now - 7_000, StoredEvent.ROUTED, "order-1");
        assertEquals(List.of(), claim(KeyOrder.BLOCK_AFTER_DEAD, "a"));
        deliveries.reschedule(List.of("dlv_k-1"), now - 1, 0, now);
        assertEquals(List.of("dlv_k-1"), claim(KeyOrder.BLOCK_AFTER_DEAD, "a"));
        record("dlv_k-1", "a", Delivery.DELIVERED);
        assertEquals(List.of("dlv_k-3"), claim(KeyOrder.BLOCK_AFTER_DEAD, "a"));
    }

    @Test
    void anEarlierEventStillUnroutedHoldsLaterOrderedDeliveriesForAWhile() throws Exception {
        event("unrouted", now - 5_000, StoredEvent.RECEIVED, null);
        event("later", now - 4_000, StoredEvent.ROUTED, "order-1");
        event("earlier", now - 6_000, StoredEvent.ROUTED, "order-2");
        event("free", now - 3_000, StoredEvent.ROUTED, null);

        assertEquals(List.of("dlv_earlier", "dlv_free"), claim(KeyOrder.RELEASE_AFTER_DEAD, "a"));
        // no longer held once the unrouted event is older than the hold
        assertEquals(List.of("dlv_later"), claim(KeyOrder.RELEASE_AFTER_DEAD, "a", now - 5_000 + DeliveryStore.UNROUTED_HOLDS_MILLIS + 1));
    }

    @Test
    void aReplayedOldDeliveryGoesBeforeLaterOnesOfItsKeyAndThenLetsThemGo() throws Exception {
        event("old", now - 9_000, StoredEvent.ROUTED, "order-1");
        assertEquals(List.of("dlv_old"), claim(KeyOrder.RELEASE_AFTER_DEAD, "a"));
        record("dlv_old", "a", Delivery.DELIVERED);
        event("new", now - 1_000, StoredEvent.ROUTED, "order-1");

        deliveries.reschedule(List.of("dlv_old"), now - 1, 0, now);
        // in its place by receipt: before the newer one, which waits for it
        assertEquals(List.of("dlv_old"), claim(KeyOrder.RELEASE_AFTER_DEAD, "a"));
        record("dlv_old", "a", Delivery.DELIVERED);
        assertEquals(List.of("dlv_new"), claim(KeyOrder.RELEASE_AFTER_DEAD, "b"));
    }

    /**
     * Two instances (two owners) claim the same keys at once, each attempt failing at random (retried
     * at once) or dying: no key ever has two deliveries leased at once, and each key's deliveries are
     * first attempted, and delivered, in the order of their events.
     */
    @Test
    void twoInstancesClaimingAtOnceNeverLeaseTwoDeliveriesOfAKeyAndKeepTheirOrder() throws Exception {
        int keys = 8;
        int perKey = 12;
        Map<String, List<String>> expected = new TreeMap<>();
        List<String[]> rows = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            for (int i = 0; i < perKey; i++) {
                rows.add(new String[] {"k" + k + "-" + String.format("%02d", i), "order-" + k, Integer.toString(i)});
            }
        }
        Collections.shuffle(rows);
        for (String[] row : rows) {
            event(row[0], now - 100_000 + Integer.parseInt(row[2]) * 10L, StoredEvent.ROUTED, row[1]);
        }
        for (int k = 0; k < keys; k++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < perKey; i++) {
                ids.add("dlv_k" + k + "-" + String.format("%02d", i));
            }
            expected.put("order-" + k, ids);
        }

        Map<String, String> leasedBy = new ConcurrentHashMap<>();
        Map<String, List<String>> attemptedInOrder = new ConcurrentHashMap<>();
        Map<String, List<String>> finishedInOrder = new ConcurrentHashMap<>();
        Set<String> done = ConcurrentHashMap.newKeySet();
        AtomicReference<String> violation = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (String owner : List.of("a", "b")) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    long deadline = System.currentTimeMillis() + 60_000;
                    while (done.size() < keys * perKey && System.currentTimeMillis() < deadline && violation.get() == null) {
                        List<DueDelivery> claimed = deliveries.claimDue(DESTINATION, KeyOrder.RELEASE_AFTER_DEAD, owner,
                                System.currentTimeMillis(), LEASE, 4);
                        for (DueDelivery due : claimed) {
                            String id = due.delivery().id();
                            String key = "order-" + id.substring(5, id.indexOf('-'));
                            String other = leasedBy.putIfAbsent(key, id);
                            if (other != null) {
                                violation.compareAndSet(null, key + ": " + id + " leased by " + owner + " while " + other + " was");
                            }
                            attemptedInOrder.computeIfAbsent(key, x -> Collections.synchronizedList(new ArrayList<>())).add(id);
                            int roll = ThreadLocalRandom.current().nextInt(10);
                            String status = roll < 3 ? Delivery.RETRYING : roll < 4 ? Delivery.DEAD : Delivery.DELIVERED;
                            long at = System.currentTimeMillis();
                            // let go of the key before the outcome is committed: the store alone must keep the next one back
                            if (!status.equals(Delivery.RETRYING)) {
                                finishedInOrder.computeIfAbsent(key, x -> Collections.synchronizedList(new ArrayList<>())).add(id);
                                done.add(id);
                            }
                            leasedBy.remove(key, id);
                            deliveries.recordAttempt(id, DESTINATION, owner, new Attempt(due.delivery().attempts() + 1, at, 1,
                                    status.equals(Delivery.DELIVERED), 200, "", null, owner), status,
                                    status.equals(Delivery.RETRYING) ? at - 1 : null, at);
                        }
                        if (claimed.isEmpty()) {
                            Thread.sleep(2);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    violation.compareAndSet(null, owner + " failed: " + e);
                }
            }, "claimer-" + owner);
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(90_000);
        }

        assertEquals(null, violation.get());
        assertEquals(keys * perKey, done.size());
        Map<String, List<String>> firstAttempts = new HashMap<>();
        attemptedInOrder.forEach((key, ids) -> firstAttempts.put(key, ids.stream().distinct().toList()));
        assertEquals(expected, new TreeMap<>(firstAttempts));
        assertEquals(expected, new TreeMap<>(finishedInOrder));
        System.out.println("ORDERED-CLAIMS store=" + store + " keys=" + keys + " per_key=" + perKey + " attempts="
                + attemptedInOrder.values().stream().mapToInt(List::size).sum() + " two_leased_at_once=0");
    }
}
