package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

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

    /** Reads the current row of a result set. */
    @FunctionalInterface
    interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** How a read's statement is prepared: {@link Statements#prepare} or {@link Statements#prepareForCurrentSizes}. */
    @FunctionalInterface
    interface Preparer {
        PreparedStatement prepare(Connection connection, String sql) throws SQLException;
    }

    /** Every row of a query on this connection, each read by `row`. */
    static <T> List<T> rows(Connection connection, Preparer preparer, String sql, List<?> args, Row<T> row) throws SQLException {
        try (PreparedStatement statement = preparer.prepare(connection, sql)) {
            bind(statement, args);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row.read(rs));
                }
            }
            return rows;
        }
    }

    /** Every row of a query, read on a connection of its own outside a transaction; fails with {@link StoreUnavailable}. */
    static <T> List<T> read(DataSource dataSource, Preparer preparer, String sql, List<?> args, Row<T> row) {
        try (Connection connection = dataSource.getConnection()) {
            return rows(connection, preparer, sql, args, row);
        } catch (SQLException e) {
            throw StoreUnavailable.of("be read", e);
        }
    }

    /** Work done inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs `work` in one transaction: committed if it returns, rolled back if it throws. On the
     * embedded store it first waits for its turn ({@link WriteTurns}), on the store's lane when the
     * caller is a background thread. It commits by returning to
     * auto-commit, which JDBC defines as committing: SQLite's driver begins the next transaction
     * inside {@code commit()}, and with IMMEDIATE transactions that takes the write lock again,
     * held until the connection went back to the pool.
     */
    static <T> T transaction(Connection connection, Work<T> work) throws SQLException {
        return transaction(connection, false, work);
    }

    /** A transaction that webhooks wait for: on the embedded store it goes before the other writers. */
    static <T> T urgentTransaction(Connection connection, Work<T> work) throws SQLException {
        return transaction(connection, true, work);
    }

    private static <T> T transaction(Connection connection, boolean urgent, Work<T> work) throws SQLException {
        WriteTurns turns = WriteTurns.of(connection);
        if (turns.needsLane()) {
            return turns.onLane(c -> transaction(c, urgent, work), connection);
        }
        turns.take(urgent);
        try {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
            } catch (Throwable e) {
                // any Throwable: the pool does not see statements kept by Statements, and would commit
                // on return what was left open (setAutoCommit(true) commits)
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
                throw e;
            }
            try {
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                throw lostConnection(e) ? new CommitInDoubt(e) : e;
            }
            return result;
        } finally {
            turns.giveBack();
        }
    }

    /**
     * Whether a failed COMMIT lost its connection (PostgreSQL's connection exceptions and operator
     * intervention, such as a shutdown): then it may have been carried out. Any failure of the
     * embedded store's commit counts too, its outcome being on disk.
     */
    private static boolean lostConnection(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57") || e instanceof java.sql.SQLRecoverableException;
    }

    /** The ids whose conditional update, batched in their order, changed their row. */
    static List<String> changed(List<String> ids, int[] counts) {
        List<String> changed = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            if (counts[i] == 1) {
                changed.add(ids.get(i));
            }
        }
        return changed;
    }
}
