package io.kurir.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The DataSource that routes get as {@code kurirDataSource}, for a {@code jdbc:} destination that
 * writes to a table of its own. On the embedded store a connection taken from it holds the store's
 * write turn ({@link WriteTurns}) until it is closed, and its thread runs at normal priority meanwhile.
 * <p>
 * camel-jdbc begins a transaction as soon as it has the connection, and on the embedded store that
 * takes SQLite's one write lock. Without a turn such a writer met Kurir's writers only at the lock,
 * where a waiting writer sleeps 1 to 100 ms between tries; and from a delivery thread at nice 19 it
 * kept the lock for as long as the core was busy with webhooks, whose commit waited for it. On
 * PostgreSQL routes get the pool itself.
 */
public final class RouteDataSource implements DataSource {

    private final DataSource pool;

    private RouteDataSource(DataSource pool) {
        this.pool = pool;
    }

    public static DataSource of(HikariDataSource pool) {
        return pool.getJdbcUrl().startsWith("jdbc:sqlite:") ? new RouteDataSource(pool) : pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return withTurn(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return withTurn(pool.getConnection(username, password));
    }

    /**
     * The connection, once this thread has the write turn. A thread that takes a second connection
     * before closing the first waits for itself, until the turn's wait runs out and it fails.
     */
    private static Connection withTurn(Connection connection) throws SQLException {
        Thread thread = Thread.currentThread();
        int priority = thread.getPriority();
        try {
            WriteTurns turns = WriteTurns.of(connection);
            thread.setPriority(Math.max(priority, Thread.NORM_PRIORITY));
            turns.take(false);
            return (Connection) Proxy.newProxyInstance(RouteDataSource.class.getClassLoader(), new Class<?>[] {Connection.class},
                    new TurnHolder(connection, () -> {
                        turns.giveBack();
                        // closed on another thread (camel-jdbc's StreamList), the holder lowers itself at its next task
                        if (Thread.currentThread() == thread) {
                            thread.setPriority(priority);
                        }
                    }));
        } catch (SQLException | RuntimeException e) {
            thread.setPriority(priority);
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /**
     * Passes every call on to the connection; close (or abort) gives the turn back, once. It answers
     * isClosed itself: camel-jdbc closes only a connection that says it is open, and the pool may
     * call a broken one closed before the turn is given back.
     */
    private static final class TurnHolder implements InvocationHandler {
        private final Connection connection;
        private final Runnable giveBack;
        private final AtomicBoolean closed = new AtomicBoolean();

        TurnHolder(Connection connection, Runnable giveBack) {
            this.connection = connection;
            this.giveBack = giveBack;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "isClosed":
                    return closed.get();
                case "close", "abort":
                    if (closed.compareAndSet(false, true)) {
                        try {
                            return forward(method, args);
                        } finally {
                            giveBack.run();
                        }
                    }
                    return null;
                default:
                    return forward(method, args);
            }
        }

        private Object forward(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
