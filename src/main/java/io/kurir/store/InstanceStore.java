package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The instances that share this store and their heartbeats. An instance is up while its last beat
 * is younger than the timeout: its claims on events and deliveries hold for exactly that long, and
 * the claim queries of {@link EventStore} and {@link DeliveryStore} read "up" from here.
 */
public final class InstanceStore {

    /** The ids of the instances that are up, as a subquery taking one argument: the oldest beat still counted. */
    static final String UP = "SELECT id FROM instances WHERE last_beat >= ?";

    /** An instance as registered, with its last beat. */
    public record Instance(String id, String host, String version, long startedAt, long lastBeat) {
    }

    /** What an instance holds right now: events it is to route, deliveries it has leased. */
    public record Holding(long unroutedEvents, long leasedDeliveries) {
    }

    private final Store store;

    public InstanceStore(Store store) {
        this.store = store;
    }

    /**
     * Registers this process under `id` (taking the id over from an earlier process of the same id,
     * which is down or about to be fenced off by its next beat), and takes back what that earlier
     * process had leased: nothing of it is running any more.
     */
    public void register(String id, String host, String version, String boot, long now) {
        update("register instance " + id, c -> {
            int changed = execute(c, "UPDATE instances SET host = ?, version = ?, boot = ?, started_at = ?, last_beat = ? WHERE id = ?",
                    List.of(host, version, boot, now, now, id));
            if (changed == 0) {
                execute(c, "INSERT INTO instances (id, host, version, boot, started_at, last_beat) VALUES (?, ?, ?, ?, ?, ?)",
                        List.of(id, host, version, boot, now, now));
            }
            execute(c, "UPDATE deliveries SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ?", List.of(id));
            return changed;
        });
    }

    /** Renews this process's heartbeat; false when another process has registered under the same id since. */
    public boolean beat(String id, String boot, long now) {
        return update("renew the heartbeat", c -> execute(c, "UPDATE instances SET last_beat = ? WHERE id = ? AND boot = ?",
                List.of(now, id, boot))) == 1;
    }

    /** Stopping: its beat is set in the past, so that what it leaves unfinished is taken over at once. */
    public void leave(String id, String boot) {
        update("deregister", c -> execute(c, "UPDATE instances SET last_beat = 0 WHERE id = ? AND boot = ?", List.of(id, boot)));
    }

    /** Every instance ever registered here, by id. */
    public List<Instance> list() {
        return Sql.read(store.pool(), "SELECT id, host, version, started_at, last_beat FROM instances ORDER BY id",
                List.of(), rs -> new Instance(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5)));
    }

    /** Per instance id, what it holds; an id that holds nothing is left out. */
    public Map<String, Holding> holdings() {
        Map<String, Long> events = new HashMap<>();
        Map<String, Long> deliveries = new HashMap<>();
        try (Connection connection = store.pool().getConnection()) {
            // both read by their partial indexes: only unrouted events and leased deliveries are in them
            Sql.read(connection, "SELECT route_owner, COUNT(*) FROM events WHERE status <> ? "
                    + "AND route_owner IS NOT NULL GROUP BY route_owner", List.of(StoredEvent.ROUTED),
                    rs -> events.put(rs.getString(1), rs.getLong(2)));
            Sql.read(connection, "SELECT lease_owner, COUNT(*) FROM deliveries WHERE lease_owner IS NOT NULL "
                    + "GROUP BY lease_owner", List.of(), rs -> deliveries.put(rs.getString(1), rs.getLong(2)));
        } catch (SQLException e) {
            throw StoreUnavailable.of("be read", e);
        }
        Map<String, Holding> holdings = new TreeMap<>();
        events.forEach((id, n) -> holdings.put(id, new Holding(n, deliveries.getOrDefault(id, 0L))));
        deliveries.forEach((id, n) -> holdings.putIfAbsent(id, new Holding(0, n)));
        return holdings;
    }

    private int update(String action, Sql.Work<Integer> work) {
        return store.bookkeeping(action, work);
    }

    private static int execute(Tx tx, String sql, List<?> args) throws SQLException {
        PreparedStatement statement = tx.prepare(sql);
        Sql.bind(statement, args);
        return statement.executeUpdate();
    }
}
