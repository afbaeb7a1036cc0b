package io.kurir.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.kurir.Json;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events in the store. Appends are group-committed: one writer thread takes every event that
 * arrived while the previous commit ran and stores them in one transaction, so concurrent webhooks
 * share one commit instead of each paying for its own.
 */
public final class EventStore extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EventStore.class);
    private static final int MAX_BATCH = 256;
    /** Webhooks in one commit from which it goes before the other writers (see {@link WriteTurns}). */
    private static final int URGENT_BATCH = 16;
    private static final String COLUMNS =
            "id, source, idempotency_key, event_type, environment, status, received_at, content_type, headers, labels, body, routed_at, route_error, test";
    private static final String READ_COLUMNS = COLUMNS + ", stored_by, route_owner";

    /** An event to store, and when its sender must have the answer (System.nanoTime()). */
    private record Pending(StoredEvent event, long deadlineNanos, CompletableFuture<Appended> result) {
    }

    private final DataSource dataSource;
    private final boolean postgres;
    /** This instance: it stores, and so routes, the events it is sent. */
    private final String owner;
    /** An instance whose last beat is older than this is down: its unrouted events may be taken. */
    private final long instanceTimeoutMillis;
    private final List<EventCommits> eventCommits = new CopyOnWriteArrayList<>();
    private final GroupCommitter<Pending> writer;

    /**
     * @param owner             this instance's id ({@link io.kurir.fleet.Heartbeat})
     * @param instanceTimeoutMillis how old an instance's last beat is when its events may be taken over
     * @param commitDelayMicros how long a commit of fewer than `commitDelayBelow` webhooks waits for more
     *                          (0: not at all). Under moderate load each webhook otherwise got a commit of
     *                          its own, and its routing, lease and attempt record one each after it: a few
     *                          webhooks per commit cost the core less, which leaves it to the deliveries
     * @param commitBoundMillis the longest one commit may take ({@link Database.Timeouts#commitBoundMillis()}): no
     *                          commit of an event is started with less time than this left before its answer is due
     */
    public EventStore(DataSource dataSource, String owner, long instanceTimeoutMillis,
                      long commitDelayMicros, int commitDelayBelow, long commitBoundMillis) {
        this.dataSource = dataSource;
        this.owner = owner;
        this.instanceTimeoutMillis = instanceTimeoutMillis;
        this.postgres = Database.isPostgres(dataSource);
        this.writer = new GroupCommitter<>("kurir-event-writer", 8192, MAX_BATCH, TimeUnit.MICROSECONDS.toNanos(commitDelayMicros),
                commitDelayBelow, this::commit, this::fail, Pending::deadlineNanos, TimeUnit.MILLISECONDS.toNanos(commitBoundMillis));
    }

    /**
     * Told on the writer thread what becomes of each batch; none of its methods may block. Told of a
     * batch before its transaction begins, so that whoever routes the events knows of them before any
     * other reader of the store can see them.
     */
    @FunctionalInterface
    public interface EventCommits {

        /** About to be committed: from the commit on, other readers of the store see them. */
        default void committing(List<StoredEvent> events) {
        }

        /** Those of a batch that were new, once committed. */
        void committed(List<StoredEvent> fresh);

        /** Those of a batch that were not stored: duplicates of earlier events, or the commit failed. */
        default void notStored(List<StoredEvent> events) {
        }
    }

    public void onEventCommits(EventCommits listener) {
        eventCommits.add(listener);
    }

    /** Told of each commit of the event writer, and of each that failed because of the store. */
    public void observeCommits(CommitObserver observer) {
        writer.observe(observer);
    }

    /**
     * Completes once the event is committed (or found to be a duplicate); fails with {@link StoreUnavailable}
     * when it was not stored and never will be (but for a COMMIT whose acknowledgement the connection lost),
     * by `deadlineNanos` (System.nanoTime()) unless a commit outlasts its bound.
     */
    public CompletableFuture<Appended> append(StoredEvent event, long deadlineNanos) {
        CompletableFuture<Appended> result = new CompletableFuture<>();
        if (!writer.offer(new Pending(event, deadlineNanos, result))) {
            result.completeExceptionally(new StoreUnavailable("the store is not accepting writes", null));
        }
        return result;
    }

    @Override
    protected void doStart() {
        writer.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        writer.stop();
    }

    private void fail(Pending pending, Exception e) {
        RuntimeException failure = e instanceof StoreUnavailable || e instanceof StoreInDoubt ? (RuntimeException) e
                : e instanceof SQLException sql ? StoreUnavailable.of("commit an event", sql)
                : new StoreUnavailable("the event writer failed", e);
        LOG.warn("Could not store an event of source '{}': {}", pending.event().source(), failure.getMessage());
        pending.result().completeExceptionally(failure);
    }

    /** One transaction for the whole batch; completes the batch's futures once it has committed. */
    private void commit(List<Pending> batch) throws SQLException {
        List<Appended> outcomes = new ArrayList<>(batch.size());
        List<StoredEvent> fresh = new ArrayList<>(batch.size());
        List<StoredEvent> duplicates = new ArrayList<>();
        List<StoredEvent> events = batch.stream().map(Pending::event).toList();
        eventCommits.forEach(o -> o.committing(events));
        try {
            try {
                transaction(batch, outcomes, fresh, duplicates);
            } catch (CommitInDoubt e) {
                settle(batch, e);
            }
        } catch (SQLException | RuntimeException e) {
            eventCommits.forEach(o -> o.notStored(events));
            throw e;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(outcomes.get(i));
        }
        if (!duplicates.isEmpty()) {
            eventCommits.forEach(o -> o.notStored(duplicates));
        }
        if (!fresh.isEmpty()) {
            eventCommits.forEach(o -> o.committed(fresh));
        }
    }

    /**
     * After a commit whose outcome is unknown: reads the store, as often as it takes until the first of
     * the batch's answers is due, to tell whether the batch was stored (returns) or not (throws the
     * commit's failure, so the senders get a 503 that means "not stored"). Still unknown by then:
     * {@link StoreInDoubt}, a 504 to the senders.
     */
    private void settle(List<Pending> batch, CommitInDoubt inDoubt) throws SQLException {
        long due = batch.stream().mapToLong(Pending::deadlineNanos).min().orElseThrow();
        List<Object> ids = batch.stream().map(p -> (Object) p.event().id()).toList();
        String sql = "SELECT COUNT(*) FROM events WHERE id IN (" + String.join(", ", ids.stream().map(id -> "?").toList()) + ")";
        while (System.nanoTime() < due) {
            long found;
            try (Connection connection = dataSource.getConnection()) {
                found = Sql.rows(connection, Statements::prepareForCurrentSizes, sql, ids, rs -> rs.getLong(1)).get(0);
            } catch (SQLException unreachable) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            LOG.warn("A commit of {} events lost its connection; they were {}stored", batch.size(), found > 0 ? "" : "not ");
            if (found > 0) {
                return;
            }
            throw inDoubt;
        }
        throw new StoreInDoubt();
    }

    private void transaction(List<Pending> batch, List<Appended> outcomes, List<StoredEvent> fresh, List<StoredEvent> duplicates)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Sql.Work<Void> work = c -> {
                int[] counts = insert(c, batch);
                for (int i = 0; i < batch.size(); i++) {
                    StoredEvent event = batch.get(i).event();
                    if (counts[i] == 0) {
                        outcomes.add(new Appended(existingId(c, event), true));
                        duplicates.add(event);
                    } else {
                        outcomes.add(new Appended(event.id(), false));
                        fresh.add(event);
                    }
                }
                return null;
            };
            // a backlog of webhooks waiting for their answer goes before routing and deliveries; a few
            // take their turn in line, so that deliveries keep their pace under moderate load
            if (batch.size() >= URGENT_BATCH) {
                Sql.urgentTransaction(connection, work);
            } else {
                Sql.transaction(connection, work);
            }
        }
    }

    private int[] insert(Connection connection, List<Pending> batch) throws SQLException {
        try (PreparedStatement insert = Statements.prepare(connection,
                "INSERT INTO events (" + COLUMNS + ", stored_by, route_owner) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Pending pending : batch) {
                StoredEvent e = pending.event();
                insert.setString(1, e.id());
                insert.setString(2, e.source());
                insert.setString(3, column(e.idempotencyKey(), 200));
                insert.setString(4, column(e.type(), 200));
                insert.setString(5, e.environment());
                insert.setString(6, StoredEvent.RECEIVED);
                insert.setLong(7, e.receivedAt());
                insert.setString(8, column(e.contentType(), 200));
                insert.setString(9, Json.write(e.headers()));
                insert.setString(10, Json.write(e.labels()));
                insert.setBytes(11, e.body());
                insert.setBoolean(12, e.test());
                // this instance routes what it stored; others take it over only once it is down
                insert.setString(13, owner);
                insert.setString(14, owner);
                insert.addBatch();
            }
            return insert.executeBatch();
        }
    }

    /** Fits a sender-chosen value to its column: PostgreSQL refuses NUL characters and over-long text. */
    static String column(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = value.replace("\u0000", "");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }

    private static String existingId(Connection connection, StoredEvent event) throws SQLException {
        List<String> found = Sql.rows(connection, Statements::prepareForCurrentSizes,
                "SELECT id FROM events WHERE source = ? AND idempotency_key = ?",
                List.of(event.source(), column(event.idempotencyKey(), 200)), rs -> rs.getString(1));
        if (found.isEmpty()) {
            throw new IllegalStateException("insert of " + event.id() + " conflicted on its id, not on its key");
        }
        return found.get(0);
    }

    public Optional<StoredEvent> find(String id) {
        List<StoredEvent> found = query("SELECT " + READ_COLUMNS + " FROM events WHERE id = ?", List.of(id));
        return found.stream().findFirst();
    }

    /** Newest first. */
    public List<StoredEvent> list(EventFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + READ_COLUMNS + " FROM events WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter.source().ifPresent(v -> { sql.append(" AND source = ?"); args.add(v); });
        filter.type().ifPresent(v -> { sql.append(" AND event_type = ?"); args.add(v); });
        filter.status().ifPresent(v -> { sql.append(" AND status = ?"); args.add(v); });
        filter.environment().ifPresent(v -> { sql.append(" AND environment = ?"); args.add(v); });
        // labels are stored as compact JSON, so a label is the text "name":"value" inside them
        filter.label().ifPresent(l -> {
            sql.append(" AND labels LIKE ? ESCAPE '!'");
            args.add("%" + likeEscaped(Json.write(l.name()) + ":" + Json.write(l.value())) + "%");
        });
        filter.from().ifPresent(v -> { sql.append(" AND received_at >= ?"); args.add(v); });
        filter.to().ifPresent(v -> { sql.append(" AND received_at < ?"); args.add(v); });
        filter.text().ifPresent(v -> {
            if (postgres) {
                // read as Latin-1, which accepts any bytes (a body need not be valid UTF-8), and
                // search for the text's UTF-8 bytes read the same way
                sql.append(" AND convert_from(body, 'LATIN1') ILIKE ? ESCAPE '!'");
                args.add("%" + likeEscaped(new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)) + "%");
            } else {
                // SQLite's LIKE ignores case for ASCII letters
                sql.append(" AND CAST(body AS TEXT) LIKE ? ESCAPE '!'");
                args.add("%" + likeEscaped(v) + "%");
            }
        });
        filter.before().ifPresent(v -> { sql.append(" AND id < ?"); args.add(v); });
        filter.after().ifPresent(v -> { sql.append(" AND id > ?"); args.add(v); });
        // after a cursor, the events right after it (so a burst is read in full, page by page)
        boolean catchingUp = filter.after().isPresent() && filter.before().isEmpty();
        sql.append(catchingUp ? " ORDER BY id ASC LIMIT ?" : " ORDER BY id DESC LIMIT ?");
        args.add(filter.limit());
        List<StoredEvent> page = query(sql.toString(), args);
        if (catchingUp) {
            java.util.Collections.reverse(page);
        }
        return page;
    }

    /** Events received since `since` (epoch ms), per source. */
    public Map<String, Long> countSince(long since) {
        return Sql.read(dataSource, Statements::prepareForCurrentSizes, "SELECT source, COUNT(*) FROM events WHERE received_at >= ? GROUP BY source",
                List.of(since), rs -> Map.entry(rs.getString(1), rs.getLong(2)))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Per source, the events of every instance that are stored but not routed yet: waiting for their
     * route, for another try after it failed, or for a route of their source to exist.
     */
    public Map<String, Long> unroutedBySource() {
        return Sql.read(dataSource, Statements::prepare, "SELECT source, COUNT(*) FROM events WHERE status IN (?, ?) GROUP BY source",
                List.of(StoredEvent.RECEIVED, StoredEvent.ROUTE_FAILED), rs -> Map.entry(rs.getString(1), rs.getLong(2)))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Deletes up to `batch` events received before `cutoff`, with their deliveries and attempts;
     * how many went. Small batches keep each transaction short, so ingest never waits long.
     */
    public int deleteOlderThan(long cutoff, int batch) {
        try (Connection connection = dataSource.getConnection()) {
            return Sql.transaction(connection, c -> {
                try (PreparedStatement delete = Statements.prepare(c,
                        "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE received_at < ? ORDER BY received_at LIMIT ?)")) {
                    delete.setLong(1, cutoff);
                    delete.setInt(2, batch);
                    return delete.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw StoreUnavailable.of("purge old events", e);
        }
    }

    static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** An event still to be routed: its id, and the size of its body (to load no more at once than fits). */
    public record Unrouted(String id, String source, long receivedAt, long bodyBytes) {
    }

    /**
     * Events of these sources that this instance may take over, oldest first: those of instances that
     * are down (last beat before `now` less the instance timeout) or of none, never routed or whose
     * route failed before `failedBefore` (routing is tried again).
     */
    public List<Unrouted> orphaned(List<String> sources, long now, long failedBefore, int limit) {
        return unrouted(sources, "(route_owner IS NULL OR route_owner NOT IN (" + InstanceStore.UP + "))",
                List.of(now - instanceTimeoutMillis), failedBefore, limit);
    }

    /**
     * This instance's own events still to be routed, oldest first: never routed, or whose route failed
     * before `failedBefore`. Those its routing queue does not hold are left from before a restart,
     * dropped during a lapse of its heartbeat, or their routing could not be recorded.
     */
    public List<Unrouted> missed(List<String> sources, long failedBefore, int limit) {
        return unrouted(sources, "route_owner = ?", List.of(owner), failedBefore, limit);
    }

    private List<Unrouted> unrouted(List<String> sources, String whose, List<Object> whoseArgs, long failedBefore, int limit) {
        if (sources.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(List.of(StoredEvent.ROUTED, StoredEvent.RECEIVED, failedBefore));
        args.addAll(sources);
        args.addAll(whoseArgs);
        args.add(limit);
        return unrouted("SELECT id, source, received_at, OCTET_LENGTH(body) FROM events WHERE status <> ? "
                + "AND (status = ? OR routed_at < ?) AND source IN (" + String.join(", ", sources.stream().map(s -> "?").toList()) + ") "
                + "AND " + whose + " ORDER BY received_at LIMIT ?", args);
    }

    /**
     * This instance's events of these sources still waiting to be routed, received after `after`
     * (in the order of arrival, then id), oldest first: those that found the routing queue full.
     */
    public List<Unrouted> ownUnrouted(List<String> sources, Unrouted after, int limit) {
        if (sources.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(List.of(StoredEvent.RECEIVED, owner));
        args.addAll(sources);
        args.addAll(List.of(after.receivedAt(), after.receivedAt(), after.receivedAt(), after.id(), limit));
        // received_at >= ? says no more than the OR after it, but lets the (status, received_at) index
        // start the page where the last one ended instead of at the oldest event still received
        return unrouted("SELECT id, source, received_at, OCTET_LENGTH(body) FROM events WHERE status = ? AND route_owner = ?"
                + " AND source IN (" + String.join(", ", sources.stream().map(s -> "?").toList()) + ")"
                + " AND received_at >= ? AND (received_at > ? OR (received_at = ? AND id > ?)) ORDER BY status, received_at, id LIMIT ?", args);
    }

    private List<Unrouted> unrouted(String sql, List<Object> args) {
        return Sql.read(dataSource, Statements::prepareForCurrentSizes, sql, args,
                rs -> new Unrouted(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }

    /** These events, oldest first. */
    public List<StoredEvent> load(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return query("SELECT " + READ_COLUMNS + " FROM events WHERE id IN (" + String.join(", ", ids.stream().map(id -> "?").toList())
                + ") ORDER BY received_at", new ArrayList<>(ids));
    }

    /**
     * Claims these events for routing by this instance, in one transaction: those still unrouted that
     * are its own, or whose owner is down. Returns the ids claimed; another instance that is up keeps
     * its own. Rows are claimed in the order of their ids, so that two instances taking over the same
     * events wait for each other instead of deadlocking.
     */
    public List<String> claimRouting(List<String> ids, long now) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<String> ordered = ids.stream().sorted().toList();
        try (Connection connection = dataSource.getConnection()) {
            return Sql.transaction(connection, c -> {
                try (PreparedStatement claim = Statements.prepare(c, "UPDATE events SET route_owner = ? WHERE id = ? AND status <> ? "
                        + "AND (route_owner = ? OR route_owner IS NULL OR route_owner NOT IN (" + InstanceStore.UP + "))")) {
                    for (String id : ordered) {
                        Sql.bind(claim, List.of(owner, id, StoredEvent.ROUTED, owner, now - instanceTimeoutMillis));
                        claim.addBatch();
                    }
                    return Sql.changed(ordered, claim.executeBatch());
                }
            });
        } catch (SQLException e) {
            throw StoreUnavailable.of("claim events for routing", e);
        }
    }

    /**
     * Records what routing decided for a batch of events in one transaction: each event's
     * deliveries (none twice: an event routed again records nothing new) and its `routed` or
     * `route_failed` mark. Returns the destinations that got a new delivery.
     */
    public Set<String> recordRouting(List<Routed> outcomes, long now) {
        Set<String> woken = new TreeSet<>();
        try (Connection connection = dataSource.getConnection()) {
            Sql.transaction(connection, c -> record(c, outcomes, now, owner, woken));
        } catch (SQLException e) {
            throw StoreUnavailable.of("record routing", e);
        }
        return woken;
    }

    /** Marks first: an event this instance no longer owns (taken over meanwhile) gets no deliveries from it. */
    private static Void record(Connection connection, List<Routed> outcomes, long now, String owner, Set<String> woken)
            throws SQLException {
        try (PreparedStatement mark = Statements.prepare(connection,
                     "UPDATE events SET status = ?, routed_at = ?, route_error = ? WHERE id = ? AND route_owner = ?");
             PreparedStatement deliver = Statements.prepare(connection,
                "INSERT INTO deliveries (id, event_id, destination, status, attempts, created_at, updated_at, next_attempt_at, "
                        + "order_key, order_at) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (Routed outcome : outcomes) {
                Sql.bind(mark, java.util.Arrays.asList(outcome.error() == null ? StoredEvent.ROUTED : StoredEvent.ROUTE_FAILED,
                        now, outcome.error(), outcome.eventId(), owner));
                mark.addBatch();
            }
            int[] owned = mark.executeBatch();
            List<String> destinations = new ArrayList<>();
            for (int i = 0; i < outcomes.size(); i++) {
                if (owned[i] == 0) {
                    continue;
                }
                Routed routed = outcomes.get(i);
                for (String destination : routed.destinations()) {
                    // ordered by the event's receipt, not by this moment: routing runs on several threads and instances
                    String orderKey = routed.orderKeys().get(destination);
                    Sql.bind(deliver, java.util.Arrays.asList(Ids.next("dlv", now), routed.eventId(), destination, now, now, now,
                            orderKey, orderKey == null ? null : routed.receivedAt()));
                    deliver.addBatch();
                    destinations.add(destination);
                }
            }
            if (!destinations.isEmpty()) {
                int[] counts = deliver.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] != 0) {
                        woken.add(destinations.get(i));
                    }
                }
            }
        }
        return null;
    }

    private List<StoredEvent> query(String sql, List<Object> args) {
        return Sql.read(dataSource, Statements::prepareForCurrentSizes, sql, args, EventStore::read);
    }

    static StoredEvent read(ResultSet rs) throws SQLException {
        long routedAt = rs.getLong("routed_at");
        Long routed = rs.wasNull() ? null : routedAt;
        return new StoredEvent(
                rs.getString("id"),
                rs.getString("source"),
                rs.getString("idempotency_key"),
                rs.getString("event_type"),
                rs.getString("environment"),
                rs.getString("status"),
                rs.getLong("received_at"),
                rs.getString("content_type"),
                Json.readStringMap(rs.getString("headers")),
                Json.readStringMap(rs.getString("labels")),
                rs.getBytes("body"),
                routed,
                rs.getString("route_error"),
                rs.getBoolean("test"),
                rs.getString("stored_by"),
                rs.getString("route_owner"));
    }
}
