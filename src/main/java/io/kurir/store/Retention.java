package io.kurir.store;

import io.kurir.Setting;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges events (with their deliveries and attempts) older than `kurir.retention.days`, in small
 * batches with a pause between them, so the purge never holds ingest up; and the refusal counts of
 * those days.
 */
public final class Retention extends ServiceSupport {

    public static final Setting<Long> DAYS = Setting.ofLong("kurir.retention.days", 30, "days events are kept");

    public static final Setting<Long> INTERVAL = Setting.ofLong("kurir.retention.interval", 3_600_000,
            "ms between two purges of older events");

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final int BATCH = 500;
    private static final long PAUSE_MILLIS = 20;

    private final CamelContext context;
    private final Store store;
    private final RefusalStore refusals;
    private final Clock clock;
    private final Duration keep;
    private final long intervalMillis;
    private ScheduledExecutorService scheduler;

    public Retention(CamelContext context, Store store, RefusalStore refusals, Clock clock, Duration keep, long intervalMillis) {
        this.context = context;
        this.store = store;
        this.refusals = refusals;
        this.clock = clock;
        this.keep = keep;
        this.intervalMillis = intervalMillis;
    }

    @Override
    protected void doStart() {
        scheduler = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "kurir-retention");
        scheduler.scheduleWithFixedDelay(this::purge, Math.min(intervalMillis, 60_000), intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (scheduler != null) {
            context.getExecutorServiceManager().shutdownNow(scheduler);
        }
    }

    /** How many events went. */
    public int purge() {
        long cutoff = clock.millis() - keep.toMillis();
        int purged = 0;
        try {
            int deleted;
            do {
                deleted = deleteOlderThan(cutoff);
                purged += deleted;
                if (deleted == BATCH) {
                    Thread.sleep(PAUSE_MILLIS);
                }
            } while (deleted == BATCH && isRunAllowed());
            refusals.deleteBefore(cutoff);
        } catch (StoreUnavailable e) {
            LOG.warn("Retention could not purge old events: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (purged > 0) {
            LOG.info("Retention purged {} events older than {} days", purged, keep.toDays());
        }
        return purged;
    }

    /**
     * Deletes up to a batch of events received before `cutoff`, with their deliveries and attempts;
     * how many went. Small batches keep each transaction short, so ingest never waits long.
     */
    private int deleteOlderThan(long cutoff) {
        return store.bookkeeping("purge old events", tx -> {
            PreparedStatement delete = tx.prepare(
                    "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE received_at < ? ORDER BY received_at LIMIT ?)");
            delete.setLong(1, cutoff);
            delete.setInt(2, BATCH);
            return delete.executeUpdate();
        });
    }
}
