package io.kurir.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.sqlite.SQLiteConnection;

/**
 * One write transaction at a time per embedded database file. SQLite admits one writer anyway; a
 * writer that finds its lock taken sleeps 1, 2, 5, 10, 25… ms before trying again, so under load the
 * lock sat idle while webhooks waited for their commit. Waiting here instead wakes the next writer the
 * moment the lock is given back. An urgent writer (a backlog of webhooks waiting for their commit)
 * goes before routing, leases and attempt records, then they before it: a sender's answer cannot
 * wait, a delivery can wait a moment but needs three turns. PostgreSQL takes writers concurrently
 * and gets no turns.
 * <p>
 * A background thread ({@link io.kurir.Background}) writes through the database's lane instead: one
 * thread of normal priority. Holding the one write lock on a thread that gets a sliver of the core
 * would keep the webhooks' commit waiting for as long as the core stays busy.
 */
final class WriteTurns {

    /** As long as a writer outside Kurir's stores (a route's jdbc endpoint) waits: the URL's busy_timeout. */
    private static final long WAIT_MILLIS = 5000;
    private static final Map<String, Turn> TURNS = new ConcurrentHashMap<>();
    private static final WriteTurns NONE = new WriteTurns(null);

    /** Who writes now and who waits: an urgent writer goes first, but never twice while others wait. */
    private static final class Turn {
        /**
         * Started with the turn, from a thread of normal priority ({@link #prepare}): a thread starts
         * with its creator's OS priority, and one started by a lowered thread could not raise it again.
         */
        final ExecutorService lane = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "kurir-store-lane");
            thread.setDaemon(true);
            thread.setPriority(Thread.NORM_PRIORITY);
            return thread;
        });
        final ReentrantLock lock = new ReentrantLock();
        final Condition given = lock.newCondition();
        boolean taken;
        boolean lastWasUrgent;
        int urgentWaiting;
        int othersWaiting;

        boolean mayTake(boolean urgent) {
            if (taken) {
                return false;
            }
            return urgent ? !(lastWasUrgent && othersWaiting > 0) : urgentWaiting == 0 || lastWasUrgent;
        }
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
        return new WriteTurns(TURNS.computeIfAbsent(url, u -> {
            Turn turn = new Turn();
            turn.lane.execute(() -> { });
            return turn;
        }));
    }

    /** Sets up the turns of this connection's database, and starts its lane, on the calling thread. */
    static void prepare(Connection connection) throws SQLException {
        of(connection);
    }

    /** Whether a writer on this thread hands its transaction to the lane: a background thread on the embedded store. */
    boolean needsLane() {
        return turn != null && Thread.currentThread().getPriority() < Thread.NORM_PRIORITY;
    }

    /** Runs a transaction on the lane and waits for it; what it throws comes out as it was thrown. */
    <T> T onLane(Sql.Work<T> transaction, Connection connection) throws SQLException {
        Future<T> result = turn.lane.submit(() -> transaction.run(connection));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // the lane is using the caller's connection: it must not go back to the pool before the lane is done
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException failed) {
                throw failed;
            }
            if (e.getCause() instanceof RuntimeException failed) {
                throw failed;
            }
            throw new SQLException("the store's lane failed", e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Waits for this connection's turn; a store that stays busy past the wait counts as unavailable.
     * An urgent writer (webhooks waiting for their commit) goes before the writers that are not, and
     * they before it again: turns alternate while both wait, so neither side starves.
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
            } else {
                turn.othersWaiting++;
            }
            try {
                while (!turn.mayTake(urgent)) {
                    if (left <= 0) {
                        throw new SQLException("the embedded store's writers were busy for " + WAIT_MILLIS + " ms");
                    }
                    left = turn.given.awaitNanos(left);
                }
                turn.taken = true;
                turn.lastWasUrgent = urgent;
            } finally {
                if (urgent) {
                    turn.urgentWaiting--;
                } else {
                    turn.othersWaiting--;
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
