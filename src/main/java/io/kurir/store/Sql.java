package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

final class Sql {

    private Sql() {
    }

    static void bind(PreparedStatement statement, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, arg);
            }
        }
    }

    /**
     * Commits by returning to auto-commit, which JDBC defines as committing the transaction. SQLite's
     * driver begins the next transaction inside {@code commit()}, and with IMMEDIATE transactions that
     * takes the write lock again: it would wait behind other writers after the commit was done, and
     * hold the lock until the connection went back to the pool.
     */
    static void commit(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
    }
}
