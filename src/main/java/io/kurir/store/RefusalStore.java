package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/** Webhooks refused per source and day, summed over instances: the sources' figures in the admin API. */
public final class RefusalStore {

    /** What one source's refusals add up to on a day, with the latest of them. */
    public record Tally(long refused, String lastError, Long lastErrorAt) {
    }

    private final DataSource dataSource;
    private final String instance;

    public RefusalStore(DataSource dataSource, String instance) {
        this.dataSource = dataSource;
        this.instance = instance;
    }

    /** Adds what this instance refused since its last call to its own rows, in one transaction. */
    public void add(long day, Map<String, Tally> bySource) {
        if (bySource.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            Sql.transaction(connection, c -> {
                try (PreparedStatement update = Statements.prepare(c, "UPDATE refusals SET refused = refused + ?, "
                        + "last_error = ?, last_error_at = ? WHERE day = ? AND source = ? AND instance = ?");
                     PreparedStatement insert = Statements.prepare(c, "INSERT INTO refusals (day, source, instance, refused, "
                             + "last_error, last_error_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    for (Map.Entry<String, Tally> entry : bySource.entrySet()) {
                        Tally t = entry.getValue();
                        Sql.bind(update, Arrays.asList(t.refused(), t.lastError(), t.lastErrorAt(), day, entry.getKey(), instance));
                        if (update.executeUpdate() == 0) {
                            Sql.bind(insert, Arrays.asList(day, entry.getKey(), instance, t.refused(), t.lastError(), t.lastErrorAt()));
                            insert.executeUpdate();
                        }
                    }
                }
                return null;
            });
        } catch (SQLException e) {
            throw StoreUnavailable.of("count refusals", e);
        }
    }

    /** Per source, the refusals of every instance on `day`, with the latest error among them. */
    public Map<String, Tally> on(long day) {
        Map<String, Tally> bySource = new HashMap<>();
        Sql.read(dataSource, Statements::prepare, "SELECT source, refused, last_error, last_error_at FROM refusals WHERE day = ?",
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
        try (Connection connection = dataSource.getConnection()) {
            return Sql.transaction(connection, c -> {
                try (PreparedStatement delete = Statements.prepare(c, "DELETE FROM refusals WHERE day < ?")) {
                    delete.setLong(1, day);
                    return delete.executeUpdate();
                }
            });
        } catch (SQLException e) {
            throw StoreUnavailable.of("purge old refusals", e);
        }
    }
}
