package io.kurir.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.postgresql.PGStatement;
import org.sqlite.SQLiteConnection;

/**
 * The prepared statements of Kurir's constant SQL, kept per embedded connection. SQLite's driver
 * compiles the SQL again at each prepareStatement, which took 7% of the core end to end (routing,
 * leases and attempt records are small transactions of several statements each); PostgreSQL's driver
 * keeps its own cache, so there this is plain prepareStatement. SQL that varies (IN lists, the admin
 * API's filters) is not kept (each shape would stay for the connection's life): it is prepared by
 * {@link #prepareForCurrentSizes}.
 * <p>
 * Closing a statement from here closes the result set it gave (which resets it, so it keeps no read
 * open that would hold back SQLite's checkpoint), clears its parameters and batch, and keeps it for
 * the next caller on the same connection. It is closed with its connection; the statements of closed
 * connections are dropped when the pool opens a new one. While a statement is in use, a second prepare
 * of the same SQL gets a fresh one.
 */
final class Statements {

    private static final Map<SQLiteConnection, Map<String, Kept>> KEPT = new ConcurrentHashMap<>();

    private Statements() {
    }

    private static final class Kept implements InvocationHandler {
        final PreparedStatement statement;
        final PreparedStatement handle;
        volatile boolean inUse;
        ResultSet results;

        Kept(PreparedStatement statement) {
            this.statement = statement;
            this.handle = (PreparedStatement) Proxy.newProxyInstance(Statements.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, this);
        }

        /** Passes every call on to the statement; close makes it ready for the next caller instead. */
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                release();
                return null;
            }
            try {
                Object result = method.invoke(statement, args);
                if (result instanceof ResultSet rs) {
                    results = rs;
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }

        private void release() throws SQLException {
            if (!inUse) {
                return;
            }
            inUse = false;
            ResultSet rs = results;
            results = null;
            if (!statement.isClosed()) {
                if (rs != null) {
                    rs.close();
                }
                statement.clearBatch();
                statement.clearParameters();
            }
        }
    }

    /** A prepared statement of constant SQL, kept for the next time on the embedded store. */
    static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        if (!connection.isWrapperFor(SQLiteConnection.class)) {
            return connection.prepareStatement(sql);
        }
        SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
        Map<String, Kept> kept = KEPT.get(sqlite);
        if (kept == null) {
            KEPT.keySet().removeIf(Statements::isClosed);
            kept = KEPT.computeIfAbsent(sqlite, c -> new ConcurrentHashMap<>());
        }
        Kept statement = kept.get(sql);
        if (statement == null || statement.statement.isClosed()) {
            statement = new Kept(sqlite.prepareStatement(sql));
            kept.put(sql, statement);
        } else if (statement.inUse) {
            return connection.prepareStatement(sql);
        }
        statement.inUse = true;
        return statement.handle;
    }

    /**
     * A statement whose best plan depends on how big the tables it reads are: SQL built per call (IN
     * lists, the admin API's filters), statistics, and lookups with a choice of index. PostgreSQL keeps
     * a plan made for the table sizes of the moment it switches a prepared statement to a generic
     * plan (pgjdbc's fifth use, then five custom plans later), until the table is next analyzed: made
     * on a new gateway's empty tables, the lease's load of deliveries joined with events stayed a pair
     * of sequential scans as the tables grew. So on PostgreSQL these go unnamed, planned at each
     * execution; the hot constant statements (inserts, updates by primary key, the due scan) keep
     * their plans, which use the right index however small the tables were. On SQLite, which plans
     * without table sizes, this is a plain prepareStatement, not kept.
     */
    static PreparedStatement prepareForCurrentSizes(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        if (statement.isWrapperFor(PGStatement.class)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
        return statement;
    }

    private static boolean isClosed(SQLiteConnection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }
}
