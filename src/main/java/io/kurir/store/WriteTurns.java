package io.kurir.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.sqlite.SQLiteConnection;

/**
 * One write transaction at a time per embedded database file, handed over first come, first served.
 * SQLite admits one writer anyway; a writer that finds its lock taken sleeps 1, 2, 5, 10, 25… ms
 * before trying again, so under load the lock sat idle while webhooks waited for their commit.
 * Waiting here instead wakes the next writer the moment the lock is given back. PostgreSQL takes
 * writers concurrently and gets no turns.
 */
final class WriteTurns {

    /** As long as a writer outside Kurir's stores (a route's jdbc endpoint) waits: the URL's busy_timeout. */
    private static final long WAIT_MILLIS = 5000;
    private static final Map<String, Semaphore> TURNS = new ConcurrentHashMap<>();
    private static final WriteTurns NONE = new WriteTurns(null);

    private final Semaphore turn;

    private WriteTurns(Semaphore turn) {
        this.turn = turn;
    }

    /** The turns of this connection's database: none to wait for unless it is the embedded store. */
    static WriteTurns of(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(SQLiteConnection.class)) {
            return NONE;
        }
        String url = connection.unwrap(SQLiteConnection.class).getUrl();
        return new WriteTurns(TURNS.computeIfAbsent(url, u -> new Semaphore(1, true)));
    }

    /** Waits for this connection's turn; a store that stays busy past the wait counts as unavailable. */
    void take() throws SQLException {
        if (turn == null) {
            return;
        }
        try {
            if (!turn.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new SQLException("the embedded store's writers were busy for " + WAIT_MILLIS + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to write", e);
        }
    }

    void giveBack() {
        if (turn != null) {
            turn.release();
        }
    }
}
