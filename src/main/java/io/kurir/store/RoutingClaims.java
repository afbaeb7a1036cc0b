package io.kurir.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The events an instance is to route, and what routing decided. An event belongs to the instance
 * that stored it (`route_owner`) for as long as that instance's heartbeat holds; an instance takes
 * over the unrouted events of instances that are down. Only the owner routes an event, and only its
 * outcome is recorded.
 */
public final class RoutingClaims {

    private final Store store;
    private final String owner;
    /** An instance whose last beat is older than this is down: its unrouted events may be taken. */
    private final long instanceTimeoutMillis;

    public RoutingClaims(Store store, String owner, long instanceTimeoutMillis) {
        this.store = store;
        this.owner = owner;
        this.instanceTimeoutMillis = instanceTimeoutMillis;
    }

    /** An event still to be routed: its id, and the size of its body (to load no more at once than fits). */
    public record Unrouted(String id, String source, long receivedAt, long bodyBytes) {
    }

    /**
     * Makes up to `limit` unrouted events of these sources this instance's, oldest first: those of
     * instances that are down (last beat before `now` less the instance timeout) or of none. How many
     * it took. On PostgreSQL rows another instance is taking are skipped (`FOR UPDATE SKIP LOCKED`),
     * so two instances taking over at once neither wait for each other nor deadlock.
     */
    public int takeOver(List<String> sources, long now, int limit) {
        if (sources.isEmpty()) {
            return 0;
        }
        List<Object> args = new ArrayList<>(List.of(owner, StoredEvent.ROUTED, now - instanceTimeoutMillis));
        args.addAll(sources);
        args.add(limit);
        String sql = "UPDATE events SET route_owner = ? WHERE id IN (SELECT id FROM events WHERE status <> ? "
                + "AND (route_owner IS NULL OR route_owner NOT IN (" + InstanceStore.UP + ")) AND source IN (" + Sql.marks(sources) + ") "
                + "ORDER BY received_at LIMIT ?" + (store.postgres() ? " FOR UPDATE SKIP LOCKED" : "") + ")";
        return store.bookkeeping("take over events", tx -> {
            PreparedStatement take = tx.prepareForCurrentSizes(sql);
            Sql.bind(take, args);
            return take.executeUpdate();
        });
    }

    /**
     * This instance's events of these sources that are due to be routed, oldest first: never routed,
     * or whose route failed before `failedBefore` (routing is tried again).
     */
    public List<Unrouted> due(List<String> sources, long failedBefore, int limit) {
        if (sources.isEmpty()) {
            return List.of();
        }
        List<Object> args = new ArrayList<>(List.of(StoredEvent.ROUTED, StoredEvent.RECEIVED, failedBefore));
        args.addAll(sources);
        args.add(owner);
        args.add(limit);
        return Sql.read(store.pool(), "SELECT id, source, received_at, OCTET_LENGTH(body) FROM events WHERE status <> ? "
                        + "AND (status = ? OR routed_at < ?) AND source IN (" + Sql.marks(sources) + ") AND route_owner = ? "
                        + "ORDER BY received_at LIMIT ?", args,
                rs -> new Unrouted(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
    }

    /** These events, oldest first. */
    public List<StoredEvent> load(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return Sql.read(store.pool(), "SELECT " + EventQueries.READ_COLUMNS + " FROM events WHERE id IN (" + Sql.marks(ids) + ") ORDER BY received_at",
                ids, EventQueries::read);
    }

    /**
     * Records what routing decided for a batch of events in one transaction: each event's
     * deliveries (none twice: an event routed again records nothing new) and its `routed` or
     * `route_failed` mark. Returns the destinations that got a new delivery.
     */
    public Set<String> recordRouting(List<Routed> outcomes, long now) {
        Set<String> woken = new TreeSet<>();
        store.bookkeeping("record routing", tx -> record(tx, outcomes, now, woken));
        return woken;
    }

    /** Marks first: an event this instance no longer owns (taken over meanwhile) gets no deliveries from it. */
    private Void record(Tx tx, List<Routed> outcomes, long now, Set<String> woken) throws SQLException {
        PreparedStatement mark = tx.prepare("UPDATE events SET status = ?, routed_at = ?, route_error = ? WHERE id = ? AND route_owner = ?");
        PreparedStatement deliver = tx.prepare(
                "INSERT INTO deliveries (id, event_id, destination, status, attempts, created_at, updated_at, next_attempt_at, "
                        + "order_key, order_at) VALUES (?, ?, ?, 'pending', 0, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
        for (Routed outcome : outcomes) {
            Sql.bind(mark, Arrays.asList(outcome.error() == null ? StoredEvent.ROUTED : StoredEvent.ROUTE_FAILED,
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
                Sql.bind(deliver, Arrays.asList(Ids.next("dlv", now), routed.eventId(), destination, now, now, now,
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
        return null;
    }
}
