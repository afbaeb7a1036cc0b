package io.kurir.ingest;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kurir.store.RefusalStore;
import io.kurir.store.StoreUnavailable;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks refused per source: counted here, added to the store's tally every few seconds and
 * before each read of it, so the sources' figures add up every instance's and survive restarts. A
 * refusal costs no write of its own, so a flood of forged requests cannot load the store.
 */
public final class IngestStats extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(IngestStats.class);
    private static final long FLUSH_MILLIS = 5_000;

    private final CamelContext context;
    private final RefusalStore store;
    private final Clock clock;
    /** Refusals not yet in the store, by source; swapped for an empty map under this object's lock. */
    private Map<String, RefusalStore.Tally> unsaved = new HashMap<>();
    private ScheduledExecutorService flusher;

    public IngestStats(CamelContext context, RefusalStore store, Clock clock) {
        this.context = context;
        this.store = store;
        this.clock = clock;
    }

    synchronized void refused(String source, String error, long at) {
        unsaved.merge(source, new RefusalStore.Tally(1, error, at), RefusalStore::sum);
    }

    /** Per source, today's refusals of every instance. */
    public Map<String, RefusalStore.Tally> today() {
        flush();
        return store.on(startOfToday());
    }

    @Override
    protected void doStart() {
        flusher = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "kurir-ingest-stats");
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (flusher != null) {
            context.getExecutorServiceManager().shutdownGraceful(flusher);
        }
        flushQuietly();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (StoreUnavailable e) {
            LOG.warn("Could not count refused webhooks in the store (kept for the next try): {}", e.getMessage());
        }
    }

    /** Writes outside the lock: the event loop, which counts refusals, never waits for the store. */
    private void flush() {
        Map<String, RefusalStore.Tally> batch;
        synchronized (this) {
            if (unsaved.isEmpty()) {
                return;
            }
            batch = unsaved;
            unsaved = new HashMap<>();
        }
        try {
            store.add(startOfToday(), batch);
        } catch (StoreUnavailable e) {
            synchronized (this) {
                batch.forEach((source, tally) -> unsaved.merge(source, tally, RefusalStore::sum));
            }
            throw e;
        }
    }

    private long startOfToday() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
