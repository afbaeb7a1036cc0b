package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deliveries and their attempts. Work is claimed with a lease: a delivery is stamped with an owner
 * and an expiry only if its previous lease has run out, so instances sharing one database never
 * attempt the same delivery at once, and a crashed instance's work is taken over when its lease
 * runs out.
 */
public final class DeliveryStore {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryStore.class);

    // Aliased so that, joined with events, the event's own columns keep their plain names.
    private static final String DELIVERY_COLUMNS =
            "d.id AS d_id, d.event_id AS d_event_id, d.destination AS d_destination, d.status AS d_status, d.attempts, "
                    + "d.created_at, d.updated_at, d.next_attempt_at, d.last_status_code, d.last_error, d.lease_owner, d.lease_until";

    private final Store store;
    private final DataSource dataSource;
    private final boolean postgres;
    private final long instanceTimeoutMillis;

    /**
     * Records whose commit failed (the store was down): written again at the next poll, so that the
     * delivery's state is kept and its lease given up, instead of holding it until the lease runs out.
     */
    private final BlockingQueue<AttemptRecord> unrecorded = new LinkedBlockingQueue<>(8192);
    private volatile java.util.function.Consumer<Set<String>> attemptsCommitted;

    /** @param instanceTimeoutMillis how old an instance's last beat is when its leases may be taken over */
    public DeliveryStore(Store store, long instanceTimeoutMillis) {
        this.store = store;
        this.dataSource = store.pool();
        this.instanceTimeoutMillis = instanceTimeoutMillis;
        this.postgres = store.postgres();
    }

    /**
     * How long an event still unrouted holds back the ordered deliveries of events received after it:
     * its deliveries, once routed, may have to go first. Past this (a source without a route, a route
     * that keeps failing, an instance down and not yet taken over) it no longer holds them.
     */
    static final long UNROUTED_HOLDS_MILLIS = 10_000;

    /** Leases up to `limit` due deliveries of a destination without ordering keys: {@link #claimDue(String, KeyOrder, String, long, long, int)}. */
    public List<DueDelivery> claimDue(String destination, String owner, long now, long leaseMillis, int limit) {
        return claimDue(destination, KeyOrder.NONE, owner, now, leaseMillis, limit);
    }

    /**
     * Leases up to `limit` deliveries of `destination` that are due, oldest due first: those nobody
     * holds, whose lease ran out, or whose holder is down (its last beat older than the instance timeout). A
     * lease is taken by one statement that picks and stamps the rows. On PostgreSQL it skips rows
     * another instance is stamping (`FOR UPDATE SKIP LOCKED`), so concurrent claims neither wait for
     * each other nor deadlock, and each instance gets different deliveries.
     * <p>
     * A destination ordered per key ({@link KeyOrder}) leases a delivery with a key only if no delivery
     * of the same destination and key whose event was received earlier (by `order_at`, the event's
     * received_at, then by event id) is pending or retrying, or dead when dead ones block: so at most
     * one delivery of a key is ever leased or retrying, across every instance, and they go in the
     * order of their events. It also waits while an event received before its own is still unrouted
     * (for at most {@link #UNROUTED_HOLDS_MILLIS}), since routing that event may yet create an earlier
     * delivery of its key. A delivery without a key is never held.
     */
    public List<DueDelivery> claimDue(String destination, KeyOrder order, String owner, long now, long leaseMillis, int limit) {
        StringBuilder due = new StringBuilder("d.destination = ? AND d.next_attempt_at <= ? "
                + "AND (d.lease_until IS NULL OR d.lease_until < ? OR d.lease_owner NOT IN (" + InstanceStore.UP + "))");
        List<Object> dueArgs = new ArrayList<>(List.of(destination, now, now, now - instanceTimeoutMillis));
        if (order != KeyOrder.NONE) {
            due.append(" AND (d.order_key IS NULL OR (" + HELD_BY_NO_UNROUTED_EVENT + " AND NOT EXISTS ("
                    + earlierOfKey(order) + ")))");
            dueArgs.addAll(List.of(now - UNROUTED_HOLDS_MILLIS, Long.MAX_VALUE, destination));
        }
        // first a read outside a transaction: an idle destination's polls never queue a write
        if (Sql.read(dataSource, "SELECT 1 FROM deliveries d WHERE " + due + " LIMIT 1", dueArgs, rs -> true).isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(List.of(owner, now + leaseMillis));
        args.addAll(dueArgs);
        args.add(limit);
        // destination in the ORDER BY too, so the index is read in order instead of sorting every due row
        String claim = "UPDATE deliveries SET lease_owner = ?, lease_until = ? WHERE id IN (SELECT d.id FROM deliveries d WHERE " + due
                + " ORDER BY d.destination, d.next_attempt_at, d.id LIMIT ?" + (postgres ? " FOR UPDATE OF d SKIP LOCKED" : "")
                + ") RETURNING id";
        List<String> claimed = store.bookkeeping("lease deliveries", tx -> Sql.rows(tx.prepare(claim), args, rs -> rs.getString(1)));
        try (Connection connection = dataSource.getConnection()) {
            List<DueDelivery> loaded = new ArrayList<>(load(connection, claimed));
            loaded.sort(java.util.Comparator.comparing((DueDelivery d) -> d.delivery().nextAttemptAt()).thenComparing(d -> d.delivery().id()));
            return loaded;
        } catch (SQLException e) {
            throw StoreUnavailable.of("lease deliveries", e);
        }
    }

    /**
     * The delivery `d` was received before every event still unrouted (received in the last
     * {@link #UNROUTED_HOLDS_MILLIS}): one read of the (status, received_at) index, done once per claim.
     */
    private static final String HELD_BY_NO_UNROUTED_EVENT = "d.order_at < COALESCE((SELECT MIN(u.received_at) FROM events u "
            + "WHERE u.status = '" + StoredEvent.RECEIVED + "' AND u.received_at >= ?), ?)";

    /**
     * An earlier delivery of `d`'s destination and key that holds it: a range of the partial index
     * deliveries_ordered, whose terms (key not null, the three statuses) are spelt out as the index has
     * them so that both stores use it.
     */
    private static String earlierOfKey(KeyOrder order) {
        return "SELECT 1 FROM deliveries o WHERE o.destination = ? AND o.order_key = d.order_key AND o.order_key IS NOT NULL "
                + "AND o.status IN ('" + Delivery.PENDING + "', '" + Delivery.RETRYING + "', '" + Delivery.DEAD + "') "
                + (order == KeyOrder.BLOCK_AFTER_DEAD ? "" : "AND o.status <> '" + Delivery.DEAD + "' ")
                // a row comparison, so that both stores read it as a range of the index rather than filter the key's rows
                + "AND (o.order_at, o.event_id) < (d.order_at, d.event_id)";
    }

    /** The deliveries with these ids and their events, in the order of the ids. */
    private static List<DueDelivery> load(Connection connection, List<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String in = Sql.marks(ids);
        Map<String, DueDelivery> byId = new HashMap<>();
        for (DueDelivery due : Sql.read(connection,
                "SELECT " + DELIVERY_COLUMNS + ", e.* FROM deliveries d JOIN events e ON e.id = d.event_id WHERE d.id IN (" + in + ")",
                ids, rs -> new DueDelivery(readDelivery(rs), EventQueries.read(rs)))) {
            byId.put(due.delivery().id(), due);
        }
        List<DueDelivery> ordered = new ArrayList<>(ids.size());
        for (String id : ids) {
            DueDelivery due = byId.get(id);
            if (due != null) {
                ordered.add(due);
            }
        }
        return ordered;
    }

    /**
     * Records an attempt and the delivery's next state, and gives up the lease: queued for the
     * attempt writer, which commits all that were recorded meanwhile in one transaction.
     * `nextAttemptAt` is null when the delivery is delivered or dead. Until the record is committed
     * the lease keeps the delivery from being attempted again; if the process dies first, the lease
     * runs out and it is attempted again (at least once). An attempt that outlived its lease is kept
     * in the history, but the delivery now belongs to whoever took it over.
     */
    public void recordAttempt(String deliveryId, String destination, String owner, Attempt attempt, String status, Long nextAttemptAt,
                              long now) {
        record(new AttemptRecord(deliveryId, destination, owner, attempt, status, nextAttemptAt, now));
    }

    private void record(AttemptRecord record) {
        store.attempts().submit(StoreWriter.Kind.ATTEMPT, tx -> recordAttempt(tx, record), GroupCommitter.NO_DEADLINE, null,
                        record.deliveryId())
                .whenComplete((done, e) -> {
                    if (e != null) {
                        attemptNotRecorded(record, e);
                        return;
                    }
                    java.util.function.Consumer<Set<String>> listener = attemptsCommitted;
                    if (listener != null) {
                        listener.accept(Set.of(record.destination()));
                    }
                });
    }

    private record AttemptRecord(String deliveryId, String destination, String owner, Attempt attempt, String status,
                                 Long nextAttemptAt, long now) {
    }

    /**
     * Told, on the attempt writer's thread, the destinations whose attempts it has just committed: the
     * next delivery of a key may be claimed from then on, not before.
     */
    public void onAttemptsCommitted(java.util.function.Consumer<Set<String>> listener) {
        this.attemptsCommitted = listener;
    }

    private static Void recordAttempt(Tx tx, AttemptRecord r) throws SQLException {
        PreparedStatement insert = tx.prepare(
                "INSERT INTO attempts (delivery_id, attempt_no, started_at, duration_ms, succeeded, status_code, response_excerpt, error, "
                        + "instance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement update = tx.prepare(
                "UPDATE deliveries SET status = ?, attempts = ?, updated_at = ?, next_attempt_at = ?, lease_owner = NULL, "
                        + "lease_until = NULL, last_status_code = ?, last_error = ? WHERE id = ? AND lease_owner = ?");
        Attempt a = r.attempt();
        Sql.bind(insert, Arrays.asList(r.deliveryId(), a.number(), a.startedAt(), a.durationMs(), a.succeeded(),
                a.statusCode(), a.responseExcerpt(), a.error(), a.instance()));
        insert.executeUpdate();
        Sql.bind(update, Arrays.asList(r.status(), a.number(), r.now(), r.nextAttemptAt(), a.statusCode(),
                a.succeeded() ? null : a.error(), r.deliveryId(), r.owner()));
        update.executeUpdate();
        return null;
    }

    private void attemptNotRecorded(AttemptRecord record, Throwable failure) {
        Throwable e = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        // kept to be written again; past the queue's room, the lease runs out and the attempt is made again
        boolean kept = unrecorded.offer(record);
        LOG.warn("Could not record attempt {} of delivery {} ({}): {}", record.attempt().number(), record.deliveryId(),
                kept ? "written again at the next poll" : "attempted again once its lease runs out",
                e instanceof SQLException sql ? StoreUnavailable.of("record an attempt", sql).getMessage() : e.getClass().getName());
    }

    /** Queues again for the attempt writer the records that could not be written before: called before each poll. */
    public void recordAgain() {
        List<AttemptRecord> again = new ArrayList<>();
        unrecorded.drainTo(again);
        again.forEach(this::record);
    }

    /**
     * Gives up what one claim of `owner` may have leased of `destination`, found by the lease expiry it
     * stamped: after a claim whose answer was lost, so that its leases do not hold until they run out.
     */
    public void releaseClaim(String destination, String owner, long leaseUntil) {
        store.bookkeeping("release deliveries", tx -> {
            PreparedStatement release = tx.prepare("UPDATE deliveries SET lease_owner = NULL, lease_until = NULL "
                    + "WHERE destination = ? AND lease_owner = ? AND lease_until = ?");
            Sql.bind(release, List.of(destination, owner, leaseUntil));
            return release.executeUpdate();
        });
    }

    /** Gives up the leases of deliveries taken but not attempted (stopping), so they are due again at once. */
    public void release(List<String> ids, String owner) {
        if (ids.isEmpty()) {
            return;
        }
        store.bookkeeping("release deliveries", tx -> {
            PreparedStatement release = tx.prepare("UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?");
            for (String id : ids) {
                Sql.bind(release, List.of(id, owner));
                release.addBatch();
            }
            return release.executeBatch();
        });
    }

    public Optional<Delivery> find(String id) {
        return Sql.read(dataSource, "SELECT " + DELIVERY_COLUMNS + " FROM deliveries d WHERE d.id = ?",
                List.of(id), DeliveryStore::readDelivery).stream().findFirst();
    }

    public List<Delivery> forEvent(String eventId) {
        return Sql.read(dataSource,
                "SELECT " + DELIVERY_COLUMNS + " FROM deliveries d WHERE d.event_id = ? ORDER BY d.destination",
                List.of(eventId), DeliveryStore::readDelivery);
    }

    public List<Attempt> attempts(String deliveryId) {
        return Sql.read(dataSource,
                "SELECT attempt_no, started_at, duration_ms, succeeded, status_code, response_excerpt, error, instance "
                        + "FROM attempts WHERE delivery_id = ? ORDER BY attempt_no, id",
                List.of(deliveryId), rs -> {
                    int code = rs.getInt("status_code");
                    Integer statusCode = rs.wasNull() ? null : code;
                    return new Attempt(rs.getInt("attempt_no"), rs.getLong("started_at"), rs.getLong("duration_ms"),
                            rs.getBoolean("succeeded"), statusCode, rs.getString("response_excerpt"), rs.getString("error"),
                            rs.getString("instance"));
                });
    }

    /** Deliveries by status for each of these events. */
    public Map<String, Map<String, Long>> countsByEvent(List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Map.of();
        }
        String in = Sql.marks(eventIds);
        return byStatus(Sql.read(dataSource,
                "SELECT event_id, status, COUNT(*) FROM deliveries WHERE event_id IN (" + in + ") GROUP BY event_id, status",
                eventIds, StatusCount::read));
    }

    /** How many deliveries of an event or a destination (`of`) have a status. */
    private record StatusCount(String of, String status, long count) {
        static StatusCount read(ResultSet rs) throws SQLException {
            return new StatusCount(rs.getString(1), rs.getString(2), rs.getLong(3));
        }
    }

    /** Counts by status, per event or destination, in the order of their names. */
    private static Map<String, Map<String, Long>> byStatus(List<StatusCount> counts) {
        Map<String, Map<String, Long>> byStatus = new TreeMap<>();
        counts.forEach(c -> byStatus.computeIfAbsent(c.of(), k -> new HashMap<>()).put(c.status(), c.count()));
        return byStatus;
    }

    /** Newest first. */
    public List<DeliveryView> list(DeliveryFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + DELIVERY_COLUMNS + ", e.source, e.event_type FROM deliveries d "
                + "JOIN events e ON e.id = d.event_id WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        where(filter, sql, args);
        filter.before().ifPresent(v -> { sql.append(" AND d.id < ?"); args.add(v); });
        sql.append(" ORDER BY d.id DESC LIMIT ?");
        args.add(filter.limit());
        return Sql.read(dataSource, sql.toString(), args,
                rs -> new DeliveryView(readDelivery(rs), rs.getString("source"), rs.getString("event_type")));
    }

    /** Ids of every delivery the filter matches (its limit aside), oldest first: what a bulk replay takes. */
    public List<String> idsMatching(DeliveryFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT d.id FROM deliveries d WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        where(filter, sql, args);
        sql.append(" ORDER BY d.id");
        return ids(sql.toString(), args);
    }

    /** Ids of an event's deliveries, or of its one delivery to `destination`. */
    public List<String> idsOfEvent(String eventId, Optional<String> destination) {
        List<Object> args = new ArrayList<>(List.of(eventId));
        destination.ifPresent(args::add);
        return ids("SELECT id FROM deliveries WHERE event_id = ?" + (destination.isPresent() ? " AND destination = ?" : "")
                + " ORDER BY id", args);
    }

    private static void where(DeliveryFilter filter, StringBuilder sql, List<Object> args) {
        filter.destination().ifPresent(v -> { sql.append(" AND d.destination = ?"); args.add(v); });
        filter.status().ifPresent(v -> { sql.append(" AND d.status = ?"); args.add(v); });
        filter.from().ifPresent(v -> { sql.append(" AND d.created_at >= ?"); args.add(v); });
        filter.to().ifPresent(v -> { sql.append(" AND d.created_at < ?"); args.add(v); });
    }

    private List<String> ids(String sql, List<Object> args) {
        return Sql.read(dataSource, sql, args, rs -> rs.getString(1));
    }

    /**
     * Makes these deliveries due again, keeping their attempts: the first at `firstAt`, each next
     * one `spacingMillis` later, so a bulk replay reaches the destination at a bounded rate. Whoever
     * holds a lease loses it, so whoever polls next takes the delivery: an operator's retry is never
     * made to wait for a lease to run out, nor for its holder (perhaps killed a moment ago) to count
     * as down. An attempt running at that moment still finishes and is kept in the history, but no
     * longer decides the delivery's state.
     */
    public int reschedule(List<String> ids, long firstAt, long spacingMillis, long now) {
        return store.write("reschedule deliveries", tx -> {
            PreparedStatement update = tx.prepare("UPDATE deliveries SET status = ?, next_attempt_at = ?, updated_at = ?, "
                    + "lease_owner = NULL, lease_until = NULL WHERE id = ?");
            // in the order of their ids, as every other writer of many deliveries: no deadlock between them
            List<String> ordered = ids.stream().sorted().toList();
            for (int i = 0; i < ordered.size(); i++) {
                Sql.bind(update, List.of(Delivery.PENDING, firstAt + i * spacingMillis, now, ordered.get(i)));
                update.addBatch();
            }
            int changed = 0;
            for (int count : update.executeBatch()) {
                changed += Math.max(count, 0);
            }
            return changed;
        });
    }

    /** Each destination's figures, `since` being the start of "today". */
    public List<DestinationStats> stats(long since) {
        Map<String, Map<String, Long>> byStatus;
        Map<String, Today> today = new HashMap<>();
        Map<String, LastError> lastError = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            byStatus = byStatus(Sql.read(connection,
                    "SELECT destination, status, COUNT(*) FROM deliveries GROUP BY destination, status", List.of(), StatusCount::read));
            Sql.read(connection,
                    "SELECT d.destination, SUM(CASE WHEN a.succeeded THEN 1 ELSE 0 END), SUM(CASE WHEN a.succeeded THEN 0 ELSE 1 END) "
                            + "FROM attempts a JOIN deliveries d ON d.id = a.delivery_id WHERE a.started_at >= ? GROUP BY d.destination",
                    List.of(since), rs -> new Today(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                    .forEach(t -> today.put(t.destination(), t));
            Sql.read(connection,
                    "SELECT d.destination, a.error, a.started_at FROM attempts a JOIN deliveries d ON d.id = a.delivery_id "
                            + "WHERE a.succeeded = FALSE AND a.id IN (SELECT MAX(a2.id) FROM attempts a2 JOIN deliveries d2 "
                            + "ON d2.id = a2.delivery_id WHERE a2.succeeded = FALSE GROUP BY d2.destination)", List.of(),
                    rs -> new LastError(rs.getString(1), rs.getString(2), rs.getLong(3)))
                    .forEach(e -> lastError.put(e.destination(), e));
        } catch (SQLException e) {
            throw StoreUnavailable.of("be read", e);
        }
        List<DestinationStats> stats = new ArrayList<>();
        byStatus.forEach((destination, counts) -> {
            Today attempts = today.getOrDefault(destination, new Today(destination, 0, 0));
            LastError error = lastError.get(destination);
            stats.add(new DestinationStats(destination, counts, attempts.succeeded(), attempts.succeeded() + attempts.failed(),
                    attempts.failed(), error == null ? null : error.error(), error == null ? null : error.at()));
        });
        return stats;
    }

    /**
     * The undelivered deliveries of these destinations, every instance's. One read of the
     * (destination, status, id) index: a status's count is its range of the index, and its smallest id
     * its oldest delivery (ids sort by creation time).
     */
    public List<Backlog> backlog(Collection<String> destinations) {
        if (destinations.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(destinations);
        args.addAll(List.of(Delivery.PENDING, Delivery.RETRYING, Delivery.DEAD));
        List<StatusRange> ranges = Sql.read(dataSource,
                "SELECT destination, status, COUNT(*), MIN(id) FROM deliveries WHERE destination IN ("
                        + Sql.marks(destinations) + ") AND status IN (?, ?, ?) "
                        + "GROUP BY destination, status", args,
                rs -> new StatusRange(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4)));
        List<Backlog> backlog = new ArrayList<>();
        for (String destination : new TreeSet<>(destinations)) {
            long pending = 0;
            long retrying = 0;
            long dead = 0;
            Long oldest = null;
            for (StatusRange range : ranges) {
                if (!range.destination().equals(destination)) {
                    continue;
                }
                switch (range.status()) {
                    case Delivery.PENDING -> pending = range.count();
                    case Delivery.RETRYING -> retrying = range.count();
                    default -> dead = range.count();
                }
                if (!range.status().equals(Delivery.DEAD)) {
                    long created = Ids.millisOf(range.firstId());
                    oldest = oldest == null ? created : Math.min(oldest, created);
                }
            }
            backlog.add(new Backlog(destination, pending, retrying, dead, oldest));
        }
        return backlog;
    }

    /** A destination's deliveries of one status: how many, and the smallest id among them. */
    private record StatusRange(String destination, String status, long count, String firstId) {
    }

    /** A destination's attempts since the start of the day. */
    private record Today(String destination, long succeeded, long failed) {
    }

    /** A destination's last failed attempt. */
    private record LastError(String destination, String error, long at) {
    }

    private static Delivery readDelivery(ResultSet rs) throws SQLException {
        long next = rs.getLong(8);
        Long nextAttemptAt = rs.wasNull() ? null : next;
        int code = rs.getInt(9);
        Integer lastStatusCode = rs.wasNull() ? null : code;
        long lease = rs.getLong(12);
        Long leaseUntil = rs.wasNull() ? null : lease;
        return new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                rs.getLong(6), rs.getLong(7), nextAttemptAt, lastStatusCode, rs.getString(10), rs.getString(11), leaseUntil);
    }
}
