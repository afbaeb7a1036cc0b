package io.kurir.route;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kurir.store.EventStore;
import io.kurir.store.StoredEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each committed event to its source's route (`from: kurir:source:<name>`) off the request
 * thread. Events still unrouted after a crash or an overflow are found again by a periodic scan of
 * the store, so none is left behind.
 */
public final class EventRouter extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);
    /** A route that failed (a bug in it, a store outage) is tried again after this long. */
    private static final long ROUTE_RETRY_MILLIS = 60_000;
    private static final int MAX_QUEUED = 10_000;

    private final CamelContext context;
    private final EventStore events;
    private final Clock clock;
    private final int threads;
    private final long recoveryIntervalMillis;
    private final Map<String, SourceConsumer> consumers = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private ExecutorService workers;
    private ScheduledExecutorService recovery;

    public EventRouter(CamelContext context, EventStore events, Clock clock, int threads, long recoveryIntervalMillis) {
        this.context = context;
        this.events = events;
        this.clock = clock;
        this.threads = threads;
        this.recoveryIntervalMillis = recoveryIntervalMillis;
        events.onCommitted(this::dispatch);
    }

    void register(String source, SourceConsumer consumer) {
        if (consumers.putIfAbsent(source, consumer) != null) {
            throw new IllegalStateException("two routes consume kurir:source:" + source + "; keep one");
        }
        if (recovery != null) {
            recovery.execute(this::recover);
        }
    }

    void unregister(String source, SourceConsumer consumer) {
        consumers.remove(source, consumer);
    }

    @Override
    protected void doStart() {
        // Abort, never CallerRuns: a full queue must not put routing on the event writer's thread.
        // What does not fit stays `received` in the store and the recovery scan routes it.
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("kurir-route").poolSize(threads).maxPoolSize(threads)
                .maxQueueSize(MAX_QUEUED).rejectedPolicy(ThreadPoolRejectedPolicy.Abort).build();
        workers = context.getExecutorServiceManager().newThreadPool(this, "kurir-route", profile);
        recovery = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "kurir-route-recovery");
        recovery.scheduleWithFixedDelay(this::recover, recoveryIntervalMillis, recoveryIntervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        // never started when start-up failed before it
        if (recovery != null) {
            context.getExecutorServiceManager().shutdownGraceful(recovery);
            context.getExecutorServiceManager().shutdownGraceful(workers);
        }
    }

    private void dispatch(List<StoredEvent> committed) {
        for (StoredEvent event : committed) {
            SourceConsumer consumer = consumers.get(event.source());
            if (consumer != null && inFlight.add(event.id())) {
                submit(consumer, event);
            }
        }
    }

    private void submit(SourceConsumer consumer, StoredEvent event) {
        try {
            workers.execute(() -> {
                try {
                    consumer.route(event);
                } finally {
                    inFlight.remove(event.id());
                }
            });
        } catch (RejectedExecutionException e) {
            // left in the store as received; the next recovery scan routes it
            inFlight.remove(event.id());
        }
    }

    private void recover() {
        try {
            List<StoredEvent> pending;
            int resumed;
            do {
                pending = events.unrouted(new ArrayList<>(consumers.keySet()), clock.millis(), clock.millis() - ROUTE_RETRY_MILLIS, 500);
                resumed = 0;
                for (StoredEvent event : pending) {
                    SourceConsumer consumer = consumers.get(event.source());
                    if (consumer != null && inFlight.add(event.id())) {
                        if (!events.claimRouting(event.id(), clock.millis())) {
                            inFlight.remove(event.id());
                            continue;
                        }
                        resumed++;
                        try {
                            consumer.route(event);
                        } finally {
                            inFlight.remove(event.id());
                        }
                    }
                }
                if (resumed > 0) {
                    LOG.info("Routed {} stored events that had not been routed yet", resumed);
                }
            } while (pending.size() == 500 && resumed > 0 && isRunAllowed());
        } catch (RuntimeException e) {
            LOG.warn("Could not scan the store for unrouted events: {}", e.getMessage());
        }
    }
}
