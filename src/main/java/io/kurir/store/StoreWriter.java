package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConnection;

/**
 * A writer thread that commits whatever was
 * queued while its previous commit ran in one transaction ({@link GroupCommitter}): concurrent
 * writers share one commit, one fsync of the embedded store, instead of each paying for its own. On
 * the embedded store every write of Kurir goes through one such writer, which owns its connection and
 * prepared statements, so SQLite's single write lock is never contended and nobody sleeps in its busy
 * handler. On PostgreSQL, which takes writers
 * concurrently, event appends and attempt records each have a writer, and other writes run on the
 * caller's thread ({@link Store#write}).
 */
final class StoreWriter {

    /**
     * What a write is, for the meters and the listeners of commits, and whether its commit must be on
     * disk before it returns. An accepted event and an operator's action are; the bookkeeping of
     * routing and delivery (leases, routing records, attempt records, heartbeats) is what Kurir redoes
     * by itself should a power cut take it (an event routed or a delivery attempted again, as after a
     * crash), so on the embedded store a commit holding only such writes is not fsynced
     * (`synchronous=NORMAL`: it survives the process being killed, not the machine losing power). The
     * next fsynced commit takes it to disk with its own.
     */
    enum Kind {
        EVENT(true), ATTEMPT(false), ACTION(true), BOOKKEEPING(false);

        final boolean durable;

        Kind(boolean durable) {
            this.durable = durable;
        }
    }

    /**
     * One unit of work, committed with the others of its batch. `committed` tells, after a commit whose
     * outcome is unknown, whether it was carried out after all (null: it cannot tell). A batch runs its
     * writes in the order of their `lockKey` (the row they update; null first), so that two writers
     * updating the same rows on PostgreSQL lock them in one order and never deadlock.
     */
    record Write<T>(Kind kind, Sql.Work<T> work, long deadlineNanos, CompletableFuture<T> result, Sql.Work<Boolean> committed,
                    String lockKey) {

        @SuppressWarnings("unchecked")
        void complete(Object value) {
            result.complete((T) value);
        }
    }

    /** Told, on the writer's thread, which kinds of write a commit held; none of its methods may block. */
    interface Committed {
        void committed(EnumMap<Kind, Integer> counts);
    }

    private static final Logger LOG = LoggerFactory.getLogger(StoreWriter.class);
    private static final Comparator<Write<?>> LOCK_ORDER = Comparator.comparing(Write::lockKey, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final DataSource pool;
    private final GroupCommitter<Write<?>> committer;
    private final Map<Kind, List<CommitObserver>> observers = new EnumMap<>(Kind.class);
    private final List<Committed> listeners = new CopyOnWriteArrayList<>();
    /** The writer thread's own: its connection and the statements prepared on it. */
    private Connection connection;
    private boolean embedded;
    /** Whether the connection's commits are fsynced now (synchronous=FULL). */
    private boolean fsynced;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private volatile Thread thread;

    /**
     * @param lingerNanos      how long a batch smaller than `enough` waits for company (fewer, larger commits)
     * @param commitBoundNanos the longest one commit may take: a write with less time than this left
     *                         before its deadline fails unwritten
     */
    StoreWriter(String name, DataSource pool, long lingerNanos, int enough, long commitBoundNanos) {
        this.pool = pool;
        for (Kind kind : Kind.values()) {
            observers.put(kind, new CopyOnWriteArrayList<>());
        }
        this.committer = new GroupCommitter<>(name, 8192, 256, lingerNanos, enough, this::commit, StoreWriter::fail,
                Write::deadlineNanos, commitBoundNanos);
        // company is worth waiting for when the commit costs an fsync
        committer.lingerFor(write -> write.kind().durable);
        committer.observe(new CommitObserver() {
            @Override
            public void committed(int items, long nanos) {
                // told per kind by commit()
            }

            @Override
            public void storeFailed() {
                observers.values().forEach(list -> list.forEach(CommitObserver::storeFailed));
            }
        });
    }

    void observe(Kind kind, CommitObserver observer) {
        observers.get(kind).add(observer);
    }

    void onCommitted(Committed listener) {
        listeners.add(listener);
    }

    /** Queues a write; its result completes once committed, or fails with the reason it was not. */
    <T> CompletableFuture<T> submit(Kind kind, Sql.Work<T> work, long deadlineNanos, Sql.Work<Boolean> committed) {
        return submit(kind, work, deadlineNanos, committed, null);
    }

    /** Queues a write that updates the row `lockKey`: see {@link Write}. */
    <T> CompletableFuture<T> submit(Kind kind, Sql.Work<T> work, long deadlineNanos, Sql.Work<Boolean> committed, String lockKey) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!committer.offer(new Write<>(kind, work, deadlineNanos, result, committed, lockKey))) {
            result.completeExceptionally(new StoreUnavailable("the store is not accepting writes", null));
        }
        return result;
    }

    /** Writes and waits for the commit: for the writes that have no deadline of their own. */
    <T> T write(Kind kind, String action, Sql.Work<T> work) {
        if (Thread.currentThread() == thread) {
            throw new IllegalStateException("the store's writer cannot wait for itself");
        }
        CompletableFuture<T> result = submit(kind, work, GroupCommitter.NO_DEADLINE, null);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // the write is queued: it is carried out whether or not this caller waits for it
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw StoreUnavailable.of(action, sql);
            }
            if (cause instanceof RuntimeException failed) {
                throw failed;
            }
            throw new StoreUnavailable("the store could not " + action, cause);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    void start() {
        committer.start(t -> thread = t);
    }

    /** Commits what is queued, then closes its connection. */
    void stop() throws InterruptedException {
        committer.stop();
        dropConnection();
    }

    private static void fail(Write<?> write, Exception e) {
        write.result().completeExceptionally(e);
    }

    /** One transaction for the whole batch; completes the batch's results once it has committed. */
    private void commit(List<Write<?>> batch) throws SQLException {
        long start = System.nanoTime();
        if (batch.size() > 1) {
            batch.sort(LOCK_ORDER);
        }
        List<Object> results = new ArrayList<>(batch.size());
        try {
            try {
                Connection connection = connection();
                syncAsNeeded(connection, batch);
                Sql.transaction(connection, embedded ? statements : null, tx -> {
                    for (Write<?> write : batch) {
                        results.add(write.work().run(tx));
                    }
                    return null;
                });
            } catch (CommitInDoubt e) {
                dropConnection();
                settle(batch, e);
            }
            if (!embedded) {
                giveBackConnection();
            }
        } catch (SQLException | RuntimeException e) {
            // failures are rare (a store down, a schema changed under it): the next commit starts afresh
            // rather than on a connection whose statements or view of the schema may be stale
            dropConnection();
            throw e;
        }
        long nanos = System.nanoTime() - start;
        EnumMap<Kind, Integer> counts = new EnumMap<>(Kind.class);
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results.get(i));
            counts.merge(batch.get(i).kind(), 1, Integer::sum);
        }
        counts.forEach((kind, n) -> observers.get(kind).forEach(o -> o.committed(n, nanos)));
        for (Committed listener : listeners) {
            try {
                listener.committed(counts);
            } catch (RuntimeException e) {
                LOG.warn("A listener of the store's commits failed: {}", e.toString());
            }
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = pool.getConnection();
            embedded = connection.isWrapperFor(SQLiteConnection.class);
            fsynced = true; // the URL's synchronous=FULL
        }
        return connection;
    }

    /** On the embedded store: fsynced if the batch holds a write that must be on disk when it returns ({@link Kind}). */
    private void syncAsNeeded(Connection connection, List<Write<?>> batch) throws SQLException {
        if (!embedded) {
            return;
        }
        boolean durable = false;
        for (Write<?> write : batch) {
            durable |= write.kind().durable;
        }
        if (durable != fsynced) {
            try (Statement pragma = connection.createStatement()) {
                pragma.execute(durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
            }
            fsynced = durable;
        }
    }

    /**
     * On PostgreSQL, after each commit: the pool's connections are shared with every other reader and
     * writer (a pool of two would otherwise be held by the two writers), and pgjdbc keeps the
     * statements' plans on the server itself.
     */
    private void giveBackConnection() throws SQLException {
        Connection held = connection;
        connection = null;
        held.close();
    }

    /** Closes the connection for good (not back into the pool), with its statements. */
    private void dropConnection() {
        statements.clear();
        if (connection == null) {
            return;
        }
        if (pool instanceof HikariDataSource hikari) {
            hikari.evictConnection(connection);
        } else {
            try {
                connection.close();
            } catch (SQLException e) {
                // it is gone either way
            }
        }
        connection = null;
    }

    /**
     * After a commit whose outcome is unknown: asks the store, as often as it takes until the first of
     * the batch's deadlines, whether the batch was committed (returns) or not (throws the commit's
     * failure, so that a webhook's 503 means "not stored"). Still unknown by then: {@link StoreInDoubt}.
     * A batch none of whose writes can tell fails as it is.
     */
    private void settle(List<Write<?>> batch, CommitInDoubt inDoubt) throws SQLException {
        Write<?> probe = batch.stream().filter(w -> w.committed() != null).findFirst().orElseThrow(() -> inDoubt);
        long due = batch.stream().mapToLong(Write::deadlineNanos).min().orElseThrow();
        while (due == GroupCommitter.NO_DEADLINE || System.nanoTime() < due) {
            boolean found;
            try (Connection fresh = pool.getConnection()) {
                found = Sql.transaction(fresh, null, probe.committed());
            } catch (SQLException unreachable) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                continue;
            }
            LOG.warn("A commit of {} writes lost its connection; they were {}committed", batch.size(), found ? "" : "not ");
            if (found) {
                return; // every write of the batch ran before the commit, so their results stand
            }
            throw inDoubt;
        }
        throw new StoreInDoubt();
    }
}
