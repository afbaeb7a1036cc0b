package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * A transaction that needs what storing an event needs and adds nothing, for the readiness check
 * while no webhook arrives: the events table's write lock (an UPDATE that matches no row takes it, so
 * a table locked by a migration or an operator holds it up as it would an append) and a real commit
 * (this instance's row of `instances` written back as it is), so a store that takes no writes fails it.
 */
public final class CommitProbe {

    private final DataSource dataSource;
    private final String instance;

    /** @param instance this instance's id, whose row in `instances` the probe rewrites */
    public CommitProbe(DataSource dataSource, String instance) {
        this.dataSource = dataSource;
        this.instance = instance;
    }

    /** Returns once committed; fails with {@link StoreUnavailable} when it was not. */
    public void run() {
        try (Connection connection = dataSource.getConnection()) {
            Sql.transaction(connection, c -> {
                try (PreparedStatement lock = Statements.prepare(c, "UPDATE events SET status = status WHERE id = ''");
                     PreparedStatement write = Statements.prepare(c, "UPDATE instances SET last_beat = last_beat WHERE id = ?")) {
                    lock.executeUpdate();
                    write.setString(1, instance);
                    write.executeUpdate();
                }
                return null;
            });
        } catch (SQLException e) {
            throw StoreUnavailable.of("commit", e);
        }
    }
}
