package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.postgresql.PGStatement;

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

    /** Work done inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    /** Every row of a query, each read by `row`; the statement stays open (it is its transaction's). */
    static <T> List<T> rows(PreparedStatement statement, List<?> args, Row<T> row) throws SQLException {
        bind(statement, args);
        List<T> rows = new ArrayList<>();
        // closing the result set resets SQLite's statement: no read is left open to hold back its checkpoint
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                rows.add(row.read(rs));
            }
        }
        return rows;
    }

    /** Every row of a query, read on a connection of its own outside a transaction; fails with {@link StoreUnavailable}. */
    static <T> List<T> read(DataSource dataSource, String sql, List<?> args, Row<T> row) {
        try (Connection connection = dataSource.getConnection()) {
            return read(connection, sql, args, row);
        } catch (SQLException e) {
            throw StoreUnavailable.of("be read", e);
        }
    }

    /** Every row of a query on this connection, on a statement planned for the tables' current sizes. */
    static <T> List<T> read(Connection connection, String sql, List<?> args, Row<T> row) throws SQLException {
        try (PreparedStatement statement = prepareForCurrentSizes(connection, sql)) {
            return rows(statement, args, row);
        }
    }

    /**
     * A statement whose best plan depends on how big the tables it reads are: SQL built per call (IN
     * lists, the admin API's filters), statistics, and lookups with a choice of index. PostgreSQL keeps
     * a plan made for the table sizes of the moment it switches a prepared statement to a generic
     * plan (pgjdbc's fifth use), until the table is next analyzed: made on a new gateway's empty
     * tables, the lease's load of deliveries joined with events stayed a pair of sequential scans as
     * the tables grew. So on PostgreSQL these go unnamed, planned at each execution; SQLite plans
     * without table sizes.
     */
    static PreparedStatement prepareForCurrentSizes(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        if (statement.isWrapperFor(PGStatement.class)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
        return statement;
    }

    /**
     * Runs `work` in one transaction on `connection`: committed if it returns, rolled back if it
     * throws. `kept` holds the statements of constant SQL that outlive it (a writer's), or is null.
     * It commits by returning to auto-commit, which JDBC defines as committing: SQLite's driver begins
     * the next transaction inside {@code commit()}, and with IMMEDIATE transactions that would take the
     * write lock again at once.
     */
    static <T> T transaction(Connection connection, Map<String, PreparedStatement> kept, Work<T> work) throws SQLException {
        Tx tx = new Tx(connection, kept);
        try {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(tx);
            } catch (Throwable e) {
                if (!connection.isClosed() && !connection.getAutoCommit()) {
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
            tx.close();
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

    /** One `?` per value, comma-separated: the marks of an IN list. */
    static String marks(java.util.Collection<?> values) {
        return String.join(", ", values.stream().map(v -> "?").toList());
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
