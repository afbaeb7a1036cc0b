package io.kurir.store;

import io.kurir.Setting;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.support.service.ServiceSupport;

/**
 * The database as Kurir's stores use it: reads on pooled connections, writes through the writers.
 * The embedded store has one writer for everything (SQLite takes one writer at a time anyway);
 * PostgreSQL has one for event appends and one for attempt records, whose commits many callers share,
 * and runs other writes on the caller's thread, each in its own transaction.
 */
public final class Store extends ServiceSupport {

    public static final Setting<Long> COMMIT_DELAY = Setting.ofLong("kurir.ingest.commit-delay", 500,
            "µs a commit of fewer writes than `kurir.ingest.commit-delay-below` waits for more (0: never), like PostgreSQL's "
                    + "`commit_delay`: a few webhooks, routing records and attempt records per commit cost the core less than a "
                    + "commit each");

    public static final Setting<Integer> COMMIT_DELAY_BELOW = Setting.ofInt("kurir.ingest.commit-delay-below", 4,
            "commits of fewer writes than this wait `kurir.ingest.commit-delay` for more");

    private final DataSource pool;
    private final boolean postgres;
    private final StoreWriter events;
    private final StoreWriter attempts;

    /**
     * @param commitDelayMicros how long a commit of fewer than `commitDelayBelow` writes waits for more
     *                          (0: not at all): a few writes per commit cost the core less than one each
     * @param commitBoundMillis the longest one commit may take ({@link Database.Timeouts#commitBoundMillis()}):
     *                          no commit of an event is started with less time than this left before its answer is due
     */
    public Store(DataSource pool, long commitDelayMicros, int commitDelayBelow, long commitBoundMillis) {
        this.pool = pool;
        this.postgres = Database.isPostgres(pool);
        long linger = TimeUnit.MICROSECONDS.toNanos(commitDelayMicros);
        long bound = TimeUnit.MILLISECONDS.toNanos(commitBoundMillis);
        this.events = new StoreWriter(postgres ? "kurir-event-writer" : "kurir-store-writer", pool, linger, commitDelayBelow, bound);
        // nobody waits for an attempt's record (its lease holds the delivery meanwhile): larger commits
        this.attempts = postgres ? new StoreWriter("kurir-attempt-writer", pool, TimeUnit.MILLISECONDS.toNanos(5), 256, bound) : events;
    }

    DataSource pool() {
        return pool;
    }

    boolean postgres() {
        return postgres;
    }

    StoreWriter events() {
        return events;
    }

    StoreWriter attempts() {
        return attempts;
    }

    /**
     * Runs `work` in one transaction and returns once it is committed and on disk: a change someone is
     * told is made (an operator's retry, the readiness probe). Fails with {@link StoreUnavailable}.
     */
    <T> T write(String action, Sql.Work<T> work) {
        return write(StoreWriter.Kind.ACTION, action, work);
    }

    /**
     * Runs `work` in one transaction and returns once it is committed: routing and delivery's own
     * bookkeeping, which Kurir redoes should a power cut take it. On the embedded store such a commit
     * is fsynced only along with one that must be ({@link StoreWriter.Kind}).
     */
    <T> T bookkeeping(String action, Sql.Work<T> work) {
        return write(StoreWriter.Kind.BOOKKEEPING, action, work);
    }

    private <T> T write(StoreWriter.Kind kind, String action, Sql.Work<T> work) {
        if (!postgres) {
            return events.write(kind, action, work);
        }
        try (Connection connection = pool.getConnection()) {
            return Sql.transaction(connection, null, work);
        } catch (SQLException e) {
            throw StoreUnavailable.of(action, e);
        }
    }

    /** Told of each commit of event appends, and of each commit that failed because of the store. */
    public void observeEventCommits(CommitObserver observer) {
        events.observe(StoreWriter.Kind.EVENT, observer);
    }

    /** Told of each commit of attempt records, and of each commit that failed because of the store. */
    public void observeAttemptCommits(CommitObserver observer) {
        attempts.observe(StoreWriter.Kind.ATTEMPT, observer);
    }

    @Override
    protected void doStart() {
        events.start();
        if (attempts != events) {
            attempts.start();
        }
    }

    @Override
    protected void doStop() throws InterruptedException {
        if (attempts != events) {
            attempts.stop();
        }
        events.stop();
    }
}
