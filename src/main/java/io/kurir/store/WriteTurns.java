package io.kurir.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.sqlite.SQLiteConnection;

/**
 * One write transaction at a time per embedded database file. SQLite admits one writer anyway; a
 * writer that finds its lock taken sleeps 1, 2, 5, 10, 25… ms before trying again, so under load the
 * lock sat idle while webhooks waited for their commit. Waiting here instead wakes the next writer the
 * moment the lock is given back. The commit that webhooks wait for goes first: routing, leases and
 * attempt records are work the gateway can do a moment later, a sender's answer is not (at 2,000
 * webhooks/s on one core, p99 of the answer 54 instead of 160-200 ms). PostgreSQL takes writers
 * concurrently and gets no turns.
 */
final class WriteTurns {

    /** As long as a writer outside Kurir's stores (a route's jdbc endpoint) waits: the URL's busy_timeout. */
    private static final long WAIT_MILLIS = 5000;
    private static final Map<String, Turn> TURNS = new ConcurrentHashMap<>();
    private static final WriteTurns NONE = new WriteTurns(null);

    /** Who writes now, and how many urgent writers wait: they go before the others. */
    private static final class Turn {
        final ReentrantLock lock = new ReentrantLock();
        final Condition given = lock.newCondition();
        boolean taken;
        int urgentWaiting;
    }

    private final Turn turn;

    private WriteTurns(Turn turn) {
        this.turn = turn;
    }

    /** The turns of this connection's database: none to wait for unless it is the embedded store. */
    static WriteTurns of(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(SQLiteConnection.class)) {
            return NONE;
        }
        String url = connection.unwrap(SQLiteConnection.class).getUrl();
        return new WriteTurns(TURNS.computeIfAbsent(url, u -> new Turn()));
    }

    /**
     * Waits for this connection's turn; a store that stays busy past the wait counts as unavailable.
     * An urgent writer (webhooks waiting for their commit) goes before every writer that is not.
     */
    void take(boolean urgent) throws SQLException {
        if (turn == null) {
            return;
        }
        long left = TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
        turn.lock.lock();
        try {
            if (urgent) {
                turn.urgentWaiting++;
            }
            try {
                while (turn.taken || (!urgent && turn.urgentWaiting > 0)) {
                    if (left <= 0) {
                        throw new SQLException("the embedded store's writers were busy for " + WAIT_MILLIS + " ms");
                    }
                    left = turn.given.awaitNanos(left);
                }
                turn.taken = true;
            } finally {
                if (urgent) {
                    turn.urgentWaiting--;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting to write", e);
        } finally {
            turn.lock.unlock();
        }
    }

    void giveBack() {
        if (turn == null) {
            return;
        }
        turn.lock.lock();
        try {
            turn.taken = false;
            turn.given.signalAll();
        } finally {
            turn.lock.unlock();
        }
    }
}
