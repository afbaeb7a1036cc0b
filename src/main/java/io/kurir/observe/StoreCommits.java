package io.kurir.observe;

import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kurir.store.CommitObserver;
import io.kurir.store.CommitProbe;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store commits events right now, for readiness. Every commit of the event writer says
 * so; while none comes (no webhooks), a probe commit ({@link CommitProbe}) does, every half second. It
 * is no longer the case once no commit has succeeded for {@value #STALE_MILLIS} ms (one hangs on a lock,
 * the pool has no connection to give) or the last one failed because of the store; it is again at the
 * next that succeeds. Under load the webhooks' own commits keep it fresh and no probe runs.
 */
public final class StoreCommits extends ServiceSupport implements CommitObserver {

    private static final Logger LOG = LoggerFactory.getLogger(StoreCommits.class);
    /** Readiness must go down within 2 s of the store failing: a probe every half second, stale after 1.5 s. */
    static final long STALE_MILLIS = 1500;
    private static final long PROBE_AFTER_MILLIS = 500;
    private static final long CHECK_MILLIS = 250;

    private final CamelContext context;
    private final CommitProbe probe;
    /** System.nanoTime() of the last commit that succeeded, the writer's or a probe's. */
    private volatile long lastCommitNanos = System.nanoTime();
    /** The last commit failed because of the store: why, else null. */
    private volatile String failure;
    private boolean wasReady = true;
    private ScheduledExecutorService prober;

    public StoreCommits(CamelContext context, CommitProbe probe, MeterRegistry registry) {
        this.context = context;
        this.probe = probe;
        Gauge.builder("kurir.store.ready", this, c -> c.notReady().isEmpty() ? 1 : 0)
                .description("1 while the store commits events (what readiness says), else 0")
                .register(registry);
    }

    @Override
    public void committed(int items, long nanos) {
        lastCommitNanos = System.nanoTime();
        failure = null;
    }

    @Override
    public void storeFailed() {
        failure = "the last commit of events failed";
    }

    /**
     * Why the store is not ready, or nothing when it is. A change is logged when it is first seen here:
     * by the health check, a scrape or the next probe (one that hangs on a lock sees nothing until it ends).
     */
    public Optional<String> notReady() {
        String failed = failure;
        long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCommitNanos);
        Optional<String> why = failed != null ? Optional.of(failed)
                : quietMillis > STALE_MILLIS ? Optional.of("no commit has succeeded for " + quietMillis + " ms") : Optional.empty();
        logChange(why);
        return why;
    }

    private synchronized void logChange(Optional<String> why) {
        if (why.isPresent() == wasReady) {
            wasReady = why.isEmpty();
            if (wasReady) {
                LOG.info("The store commits again: ready");
            } else {
                LOG.warn("Not ready: {}", why.get());
            }
        }
    }

    @Override
    protected void doStart() {
        lastCommitNanos = System.nanoTime();
        // its own thread at normal priority: on a busy core a lowered one would wait, and readiness with it
        prober = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "kurir-store-probe");
        prober.scheduleWithFixedDelay(this::probeIfQuiet, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (prober != null) {
            context.getExecutorServiceManager().shutdownNow(prober);
        }
    }

    private void probeIfQuiet() {
        long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastCommitNanos);
        if (quietMillis >= PROBE_AFTER_MILLIS || failure != null) {
            try {
                probe.run();
                committed(0, 0);
            } catch (RuntimeException e) {
                failure = "a probe commit failed: " + e.getMessage();
            }
        }
        notReady();
    }
}
