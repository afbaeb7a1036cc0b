package io.kurir.route;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kurir.store.EventStore;
import io.kurir.store.Routed;
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
    private static final int SCAN = 500;

    private final CamelContext context;
    private final EventStore events;
    private final DeliveryScheduler scheduler;
    private final Clock clock;
    private final int threads;
    private final long recoveryIntervalMillis;
    private final Map<String, SourceConsumer> consumers = new ConcurrentHashMap<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private ExecutorService workers;
    private ScheduledExecutorService recovery;

    public EventRouter(CamelContext context, EventStore events, DeliveryScheduler scheduler, Clock clock, int threads,
                       long recoveryIntervalMillis) {
        this.context = context;
        this.events = events;
        this.scheduler = scheduler;
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

    /** On the event writer's thread: one routing task per commit, so its events' outcomes share one commit too. */
    private void dispatch(List<StoredEvent> committed) {
        List<StoredEvent> batch = new ArrayList<>(committed.size());
        for (StoredEvent event : committed) {
            if (consumers.containsKey(event.source()) && inFlight.add(event.id())) {
                batch.add(event);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            workers.execute(() -> route(batch));
        } catch (RejectedExecutionException e) {
            // left in the store as received; the next recovery scan routes them
            batch.forEach(event -> inFlight.remove(event.id()));
        }
    }

    /** Runs each event's route, then records every outcome in one transaction and wakes the destinations. */
    private void route(List<StoredEvent> batch) {
        try {
            List<Routed> outcomes = new ArrayList<>(batch.size());
            for (StoredEvent event : batch) {
                SourceConsumer consumer = consumers.get(event.source());
                if (consumer != null) {
                    consumer.route(event).ifPresent(outcomes::add);
                }
            }
            if (!outcomes.isEmpty()) {
                events.recordRouting(outcomes, clock.millis()).forEach(scheduler::wake);
            }
        } catch (RuntimeException e) {
            // still received (or route_failed) in the store: routed again once the lease runs out
            LOG.warn("Could not record the routing of {} events (they are routed again): {}", batch.size(), e.getMessage());
        } finally {
            batch.forEach(event -> inFlight.remove(event.id()));
        }
    }

    private void recover() {
        try {
            List<StoredEvent> pending;
            int resumed;
            do {
                long now = clock.millis();
                pending = events.unrouted(new ArrayList<>(consumers.keySet()), now, now - ROUTE_RETRY_MILLIS, SCAN);
                Map<String, StoredEvent> candidates = new LinkedHashMap<>();
                for (StoredEvent event : pending) {
                    if (consumers.containsKey(event.source()) && inFlight.add(event.id())) {
                        candidates.put(event.id(), event);
                    }
                }
                Set<String> claimed;
                try {
                    claimed = Set.copyOf(events.claimRouting(new ArrayList<>(candidates.keySet()), clock.millis()));
                } catch (RuntimeException e) {
                    candidates.keySet().forEach(inFlight::remove);
                    throw e;
                }
                for (String id : candidates.keySet()) {
                    if (!claimed.contains(id)) {
                        inFlight.remove(id);
                    }
                }
                candidates.keySet().retainAll(claimed);
                resumed = candidates.size();
                if (resumed > 0) {
                    route(new ArrayList<>(candidates.values()));
                    LOG.info("Routed {} stored events that had not been routed yet", resumed);
                }
            } while (pending.size() == SCAN && resumed > 0 && isRunAllowed());
        } catch (RuntimeException e) {
            LOG.warn("Could not scan the store for unrouted events: {}", e.getMessage());
        }
    }
}
