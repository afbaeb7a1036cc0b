package io.kurir.store;

import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Webhooks refused per source and day, summed over instances: the sources' figures in the admin API. */
public final class RefusalStore {

    /** What one source's refusals add up to on a day, with the latest of them. */
    public record Tally(long refused, String lastError, Long lastErrorAt) {
    }

    private final Store store;
    private final String instance;

    public RefusalStore(Store store, String instance) {
        this.store = store;
        this.instance = instance;
    }

    /** Adds what this instance refused since its last call to its own rows, in one transaction. */
    public void add(long day, Map<String, Tally> bySource) {
        if (bySource.isEmpty()) {
            return;
        }
        store.bookkeeping("count refusals", tx -> {
            PreparedStatement update = tx.prepare("UPDATE refusals SET refused = refused + ?, "
                    + "last_error = ?, last_error_at = ? WHERE day = ? AND source = ? AND instance = ?");
            PreparedStatement insert = tx.prepare("INSERT INTO refusals (day, source, instance, refused, "
                    + "last_error, last_error_at) VALUES (?, ?, ?, ?, ?, ?)");
            for (Map.Entry<String, Tally> entry : bySource.entrySet()) {
                Tally t = entry.getValue();
                Sql.bind(update, Arrays.asList(t.refused(), t.lastError(), t.lastErrorAt(), day, entry.getKey(), instance));
                if (update.executeUpdate() == 0) {
                    Sql.bind(insert, Arrays.asList(day, entry.getKey(), instance, t.refused(), t.lastError(), t.lastErrorAt()));
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Per source, the refusals of every instance on `day`, with the latest error among them. */
    public Map<String, Tally> on(long day) {
        Map<String, Tally> bySource = new HashMap<>();
        Sql.read(store.pool(), "SELECT source, refused, last_error, last_error_at FROM refusals WHERE day = ?",
                List.of(day), rs -> Map.entry(rs.getString(1), new Tally(rs.getLong(2), rs.getString(3), rs.getLong(4))))
                .forEach(row -> bySource.merge(row.getKey(), row.getValue(), RefusalStore::sum));
        return bySource;
    }

    /** Two tallies as one: their counts added, the later error kept. */
    public static Tally sum(Tally a, Tally b) {
        boolean bLater = b.lastErrorAt() != null && (a.lastErrorAt() == null || b.lastErrorAt() > a.lastErrorAt());
        return new Tally(a.refused() + b.refused(), bLater ? b.lastError() : a.lastError(), bLater ? b.lastErrorAt() : a.lastErrorAt());
    }

    /** Refusals of days before `day` go. */
    public int deleteBefore(long day) {
        return store.bookkeeping("purge old refusals", tx -> {
            PreparedStatement delete = tx.prepare("DELETE FROM refusals WHERE day < ?");
            delete.setLong(1, day);
            return delete.executeUpdate();
        });
    }
}
