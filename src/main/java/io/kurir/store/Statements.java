package io.kurir.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import org.sqlite.SQLiteConnection;

/**
 * The prepared statements of Kurir's stores, kept per embedded connection. SQLite's driver compiles
 * the SQL again at each prepareStatement, which took 7% of the core end to end (routing, leases and
 * attempt records are small transactions of several statements each); PostgreSQL's driver keeps its
 * own cache, so there this is plain prepareStatement.
 * <p>
 * Closing a statement from here clears its parameters and batch and keeps it for the next caller on
 * the same connection; it is closed with its connection. Callers close their result sets, which
 * resets the statement, so no statement keeps a read open (that would keep SQLite's log from being
 * checkpointed). While a statement is in use, a second prepare of the same SQL gets a fresh one.
 */
final class Statements {

    /** The admin API's filters make SQL of many shapes: past this many per connection, statements are not kept. */
    private static final int MAX_KEPT = 128;
    private static final Map<SQLiteConnection, Map<String, Kept>> KEPT = Collections.synchronizedMap(new WeakHashMap<>());

    private Statements() {
    }

    private static final class Kept {
        final PreparedStatement statement;
        final PreparedStatement handle;
        volatile boolean inUse;

        Kept(PreparedStatement statement) {
            this.statement = statement;
            this.handle = (PreparedStatement) Proxy.newProxyInstance(Statements.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, new Reset(this));
        }
    }

    /** Passes every call on to the statement; close makes it ready for the next caller instead. */
    private record Reset(Kept kept) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                if (kept.inUse) {
                    kept.inUse = false;
                    if (!kept.statement.isClosed()) {
                        kept.statement.clearBatch();
                        kept.statement.clearParameters();
                    }
                }
                return null;
            }
            try {
                return method.invoke(kept.statement, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /** A prepared statement, kept for the next time on the embedded store. */
    static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        if (!connection.isWrapperFor(SQLiteConnection.class)) {
            return connection.prepareStatement(sql);
        }
        SQLiteConnection sqlite = connection.unwrap(SQLiteConnection.class);
        Map<String, Kept> kept = KEPT.computeIfAbsent(sqlite, c -> new ConcurrentHashMap<>());
        Kept statement = kept.get(sql);
        if (statement == null || statement.statement.isClosed()) {
            if (statement == null && kept.size() >= MAX_KEPT) {
                return connection.prepareStatement(sql);
            }
            statement = new Kept(sqlite.prepareStatement(sql));
            kept.put(sql, statement);
        } else if (statement.inUse) {
            return connection.prepareStatement(sql);
        }
        statement.inUse = true;
        return statement.handle;
    }
}
