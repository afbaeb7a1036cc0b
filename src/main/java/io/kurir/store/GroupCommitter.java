package io.kurir.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer thread that commits, in one transaction, everything queued while its previous commit
 * ran: concurrent writers share one commit (one page write of the embedded store) instead of each
 * paying for its own. A batch smaller than `enough` may wait a little (the linger) for company, as
 * PostgreSQL's commit_delay does. When a batch fails, its items are committed one by one, so one bad
 * row costs only itself. Stopping commits what is queued.
 */
final class GroupCommitter<T> {

    /** Writes the items in one transaction and commits; throws if it rolled back. */
    interface Commit<T> {
        void commit(List<T> items) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private final String name;
    private final int maxBatch;
    private final long lingerNanos;
    private final int enough;
    private final BlockingQueue<T> queue;
    private final Commit<T> commit;
    private final BiConsumer<T, Exception> failed;
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
        this.name = name;
        this.maxBatch = maxBatch;
        this.lingerNanos = lingerNanos;
        this.enough = Math.min(enough, maxBatch);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.commit = commit;
        this.failed = failed;
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
        running = true;
        writer = new Thread(this::writeLoop, name);
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
                if (lingerNanos > 0 && batch.size() < enough) {
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
        try {
            commit.commit(batch);
        } catch (SQLException batchFailed) {
            if (batch.size() == 1) {
                failed.accept(batch.get(0), batchFailed);
                return;
            }
            for (T item : batch) {
                try {
                    commit.commit(List.of(item));
                } catch (SQLException rowFailed) {
                    failed.accept(item, rowFailed);
                }
            }
        }
    }
}
