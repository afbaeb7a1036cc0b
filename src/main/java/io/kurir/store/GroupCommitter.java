package io.kurir.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.ToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One writer thread that commits, in one transaction, everything queued while its previous commit
 * ran: concurrent writers share one commit (one page write of the embedded store) instead of each
 * paying for its own. A batch smaller than `enough` may wait a little (the linger) for company, as
 * PostgreSQL's commit_delay does. When a batch fails because of its data, its items are committed one
 * by one, so one bad row costs only itself; when it fails because of the store (unreachable, shutting
 * down, timed out), every item fails at once. Items may carry a deadline: no commit of an item is
 * started unless it can end before it (see {@link #commitBoundNanos}). Stopping commits what is queued.
 */
final class GroupCommitter<T> {

    /** Writes the items in one transaction and commits; throws if it rolled back. */
    interface Commit<T> {
        void commit(List<T> items) throws SQLException;
    }

    /** The deadline of an item that may wait as long as it takes. */
    static final long NO_DEADLINE = Long.MAX_VALUE;

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);
    /**
     * SQLState classes of the store's own failures rather than a row's: connection exception,
     * insufficient resources, operator intervention (statement timeout, shutdown), system error.
     */
    private static final Set<String> STORE_STATE_CLASSES = Set.of("08", "53", "57", "58");
    /** The same for SQLite's primary result codes. */
    private static final Set<SQLiteErrorCode> STORE_RESULT_CODES = Set.of(SQLiteErrorCode.SQLITE_BUSY,
            SQLiteErrorCode.SQLITE_LOCKED, SQLiteErrorCode.SQLITE_NOMEM, SQLiteErrorCode.SQLITE_READONLY,
            SQLiteErrorCode.SQLITE_IOERR, SQLiteErrorCode.SQLITE_FULL, SQLiteErrorCode.SQLITE_CANTOPEN);

    private final String name;
    private final int maxBatch;
    private final long lingerNanos;
    private final int enough;
    private final BlockingQueue<T> queue;
    private final Commit<T> commit;
    private final BiConsumer<T, Exception> failed;
    /** When each item must have its outcome (System.nanoTime()); null: items wait as long as it takes. */
    private final ToLongFunction<T> deadline;
    /** The longest one commit may take: an item with less time left than this is failed, not written. */
    private final long commitBoundNanos;
    private final List<CommitObserver> observers = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Predicate<T> worthLingering = item -> true;
    private volatile boolean running;
    /** While the writer lingers: how many more items fill its batch (it is woken then); 0 otherwise. */
    private volatile int lingeringFor;
    private volatile Thread writer;

    /**
     * @param lingerNanos how long a batch smaller than `enough` waits for more items after its first
     *                    (fewer, larger commits): 0 for none
     * @param enough      a batch this large is committed at once; the linger ends when it is reached
     * @param failed      told of each item that could not be committed, even alone
     */
    GroupCommitter(String name, int capacity, int maxBatch, long lingerNanos, int enough, Commit<T> commit,
                   BiConsumer<T, Exception> failed) {
        this(name, capacity, maxBatch, lingerNanos, enough, commit, failed, null, 0);
    }

    /**
     * @param deadline         when an item must have its outcome, in System.nanoTime()
     * @param commitBoundNanos the longest one commit may take: an item whose deadline is nearer than this
     *                         is told to `failed` with {@link StoreUnavailable} and never written
     */
    GroupCommitter(String name, int capacity, int maxBatch, long lingerNanos, int enough, Commit<T> commit,
                   BiConsumer<T, Exception> failed, ToLongFunction<T> deadline, long commitBoundNanos) {
        this.name = name;
        this.maxBatch = maxBatch;
        this.lingerNanos = lingerNanos;
        this.enough = Math.min(enough, maxBatch);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.commit = commit;
        this.failed = failed;
        this.deadline = deadline;
        this.commitBoundNanos = commitBoundNanos;
    }

    /** Lingers only for a batch holding such an item (by default any): one whose commit is worth sharing. */
    void lingerFor(java.util.function.Predicate<T> items) {
        worthLingering = items;
    }

    void observe(CommitObserver observer) {
        observers.add(observer);
    }

    /** False when the writer is stopped or full: the item will not be committed. */
    boolean offer(T item) {
        if (!running || !queue.offer(item)) {
            return false;
        }
        // the writer stopped between the check and the offer: nobody would ever commit this one
        if (!running && queue.remove(item)) {
            return false;
        }
        int room = lingeringFor;
        if (room > 0 && queue.size() >= room) {
            LockSupport.unpark(writer);
        }
        return true;
    }

    void start() {
        start(thread -> { });
    }

    /** Starts the writer thread, told to `started` first. */
    void start(java.util.function.Consumer<Thread> started) {
        running = true;
        writer = new Thread(this::writeLoop, name);
        started.accept(writer);
        writer.start();
    }

    void stop() throws InterruptedException {
        running = false;
        if (writer != null) {
            LockSupport.unpark(writer);
            writer.join(10_000);
        }
    }

    private void writeLoop() {
        List<T> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                T first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (lingerNanos > 0 && batch.size() < enough && batch.stream().anyMatch(worthLingering)) {
                    linger(batch);
                }
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("{} failed a batch: {}", name, e.getClass().getName());
                batch.forEach(item -> failed.accept(item, e));
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Gathers more items for up to the linger. It sleeps through it rather than waiting on the queue,
     * which would wake it at every item offered (a context switch each); `enough` items wake it.
     * Interrupted or stopped, it stops gathering, and the batch is still written.
     */
    private void linger(List<T> batch) {
        long deadline = System.nanoTime() + lingerNanos;
        lingeringFor = enough - batch.size();
        try {
            while (running && queue.size() < lingeringFor && !Thread.currentThread().isInterrupted()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            lingeringFor = 0;
        }
        queue.drainTo(batch, maxBatch - batch.size());
    }

    private void write(List<T> batch) {
        batch.removeIf(this::failedIfTooLate);
        if (batch.isEmpty()) {
            return;
        }
        try {
            observedCommit(batch);
        } catch (SQLException batchFailed) {
            boolean storeFailure = isStoreFailure(batchFailed);
            if (batch.size() == 1 || storeFailure) {
                if (storeFailure) {
                    observers.forEach(CommitObserver::storeFailed);
                }
                batch.forEach(item -> failed.accept(item, batchFailed));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                T item = batch.get(i);
                if (failedIfTooLate(item)) {
                    continue;
                }
                try {
                    observedCommit(List.of(item));
                } catch (SQLException rowFailed) {
                    if (isStoreFailure(rowFailed)) {
                        observers.forEach(CommitObserver::storeFailed);
                        batch.subList(i, batch.size()).forEach(rest -> failed.accept(rest, rowFailed));
                        return;
                    }
                    failed.accept(item, rowFailed);
                }
            }
        }
    }

    private void observedCommit(List<T> items) throws SQLException {
        long start = System.nanoTime();
        commit.commit(items);
        long nanos = System.nanoTime() - start;
        for (CommitObserver observer : observers) {
            observer.committed(items.size(), nanos);
        }
    }

    /** Fails the item, unwritten, when a commit started now might not end before its deadline. */
    private boolean failedIfTooLate(T item) {
        long due = deadline == null ? NO_DEADLINE : deadline.applyAsLong(item);
        if (due == NO_DEADLINE || due - System.nanoTime() >= commitBoundNanos) {
            return false;
        }
        failed.accept(item, new StoreUnavailable("the store could not commit it in time", null));
        return true;
    }

    /**
     * Whether a commit failed because of the store (it cannot be reached, is shutting down, timed out,
     * is out of room) rather than because of a row: committing the items one by one would then only
     * fail each of them again, a connection timeout apiece.
     */
    static boolean isStoreFailure(SQLException failure) {
        Throwable e = failure;
        // the driver's own failure may sit behind a BatchUpdateException or a pool's wrapper; a few links deep at most
        for (int depth = 0; e != null && depth < 8; depth++) {
            if (e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                    || e instanceof SQLRecoverableException || e instanceof SQLTimeoutException) {
                return true;
            }
            if (e instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && state.length() >= 2 && STORE_STATE_CLASSES.contains(state.substring(0, 2))) {
                    return true;
                }
                if (sql instanceof SQLiteException lite
                        && STORE_RESULT_CODES.contains(SQLiteErrorCode.getErrorCode(lite.getResultCode().code & 0xFF))) {
                    return true;
                }
                e = sql.getNextException() != null ? sql.getNextException() : sql.getCause();
            } else {
                e = e.getCause();
            }
        }
        return false;
    }
}
