package io.kurir.route;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.kurir.Background;
import io.kurir.fleet.Heartbeat;
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
 * thread. Events that find the queue full wait in the store and are routed from there as soon as it
 * has room; events still unrouted after a crash are found again by a periodic scan of the store, so
 * none is left behind.
 * <p>
 * An event is routed only by the instance that owns it: the one that stored it, or the one that took
 * it over from an instance that is down. Ownership holds as long as the owner's heartbeat does, so a
 * queue of any length never lets another instance route the same event; and an instance whose beats
 * fail starts no route ({@link Heartbeat#holdsClaims(long)}) before the others may take its events,
 * nor any it had queued before its beats lapsed.
 */
public final class EventRouter extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);
    private static final int MAX_QUEUED = 10_000;
    private static final int SCAN = 500;

    private final CamelContext context;
    private final EventStore events;
    private final DeliveryScheduler scheduler;
    private final Heartbeat heartbeat;
    private final Clock clock;
    private final int threads;
    private final long recoveryIntervalMillis;
    /** A route that failed (a bug in it, a dependency down) is tried again after this long. */
    private final long retryDelayMillis;
    /** Events waiting for a routing thread hold their bodies: beyond this they wait in the store instead. */
    private final long maxQueuedBytes;
    private final Map<String, SourceConsumer> consumers = new ConcurrentHashMap<>();
    /**
     * Events of this instance about to be committed, queued or being routed: taken into it before their
     * commit, so that no scan of the store can find an event that is on its way to a routing thread.
     */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Events were left in the store for want of room in the queue since the last catch-up began. */
    private final AtomicBoolean leftBehind = new AtomicBoolean();
    private final AtomicBoolean catchingUp = new AtomicBoolean();
    private ExecutorService workers;
    private ScheduledExecutorService recovery;

    public EventRouter(CamelContext context, EventStore events, DeliveryScheduler scheduler, Heartbeat heartbeat, Clock clock,
                       int threads, long recoveryIntervalMillis, long retryDelayMillis, long maxQueuedBytes) {
        this.context = context;
        this.events = events;
        this.scheduler = scheduler;
        this.heartbeat = heartbeat;
        this.clock = clock;
        this.threads = threads;
        this.recoveryIntervalMillis = recoveryIntervalMillis;
        this.retryDelayMillis = retryDelayMillis;
        if (maxQueuedBytes < 1) {
            throw new IllegalArgumentException("kurir.route.max-queued-bytes must be at least 1, not " + maxQueuedBytes);
        }
        this.maxQueuedBytes = maxQueuedBytes;
        events.onEventCommits(new EventStore.EventCommits() {
            @Override
            public void committing(List<StoredEvent> batch) {
                batch.forEach(event -> inFlight.add(event.id()));
            }

            @Override
            public void committed(List<StoredEvent> fresh) {
                dispatch(fresh);
            }

            @Override
            public void notStored(List<StoredEvent> batch) {
                batch.forEach(event -> inFlight.remove(event.id()));
            }
        });
        heartbeat.onPeerDown(this::recoverSoon);
        // what was dropped during a lapse is this instance's still, and routed from the store
        heartbeat.onBeatsResumed(this::recoverSoon);
    }

    void register(String source, SourceConsumer consumer) {
        if (consumers.putIfAbsent(source, consumer) != null) {
            throw new IllegalStateException("two routes consume kurir:source:" + source + "; keep one");
        }
        recoverSoon();
    }

    /** Scans the store now rather than at the next interval: a route started, an instance went down, beats resumed. */
    private void recoverSoon() {
        ScheduledExecutorService scanner = recovery;
        if (scanner != null) {
            try {
                scanner.execute(this::recover);
            } catch (RejectedExecutionException e) {
                // stopping
            }
        }
    }

    /**
     * Runs the route of the sample's source in a dry run ({@link DryRun}): nothing is stored or
     * recorded, nothing is sent. Empty when no started route starts from `kurir:source:<source>`.
     */
    public Optional<DryRun.Result> dryRun(StoredEvent sample) {
        SourceConsumer consumer = consumers.get(sample.source());
        return consumer == null ? Optional.empty() : Optional.of(consumer.dryRun(sample));
    }

    void unregister(String source, SourceConsumer consumer) {
        consumers.remove(source, consumer);
    }

    @Override
    protected void doStart() {
        // Abort, never CallerRuns: a full queue must not put routing on the event writer's thread.
        // What does not fit stays `received` in the store, routed from there once the queue has room.
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

    /**
     * On the event writer's thread, with the events it has just committed (all in flight since before
     * their commit): one routing task per commit, so its events' outcomes share one commit too.
     */
    private void dispatch(List<StoredEvent> committed) {
        List<StoredEvent> batch = new ArrayList<>(committed.size());
        for (StoredEvent event : committed) {
            if (consumers.containsKey(event.source())) {
                batch.add(event);
            } else {
                inFlight.remove(event.id());
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        // stored as this instance's a moment ago: its claim dates from this streak of beats
        long streak = heartbeat.streak();
        long bytes = batch.stream().mapToLong(event -> event.body().length).sum();
        long queued = queuedBytes.addAndGet(bytes);
        if (queued > maxQueuedBytes && queued != bytes) {
            queuedBytes.addAndGet(-bytes);
            leaveInStore(batch);
            if (queuedBytes.get() <= maxQueuedBytes / 2) {
                // the tasks that filled the queue ended meanwhile: none is left to take these
                routeLeftInStoreLater();
            }
            return;
        }
        try {
            workers.execute(() -> {
                Background.lowerPriority();
                try {
                    route(batch, streak);
                } finally {
                    queuedBytes.addAndGet(-bytes);
                }
                routeLeftInStore();
            });
        } catch (RejectedExecutionException e) {
            queuedBytes.addAndGet(-bytes);
            leaveInStore(batch);
        }
    }

    private void routeLeftInStoreLater() {
        try {
            workers.execute(() -> {
                Background.lowerPriority();
                routeLeftInStore();
            });
        } catch (RejectedExecutionException e) {
            // stopping, or the queue is full of tasks that each route what is left when they end
        }
    }

    /**
     * Routing is behind (a burst on a busy core): the events wait in the store as received, to be
     * routed from there as soon as the queue has room rather than when their routing lease has run
     * out and the recovery scan finds them. Nothing of them is kept here, so a backlog of any size
     * costs no memory.
     */
    private void leaveInStore(List<StoredEvent> batch) {
        batch.forEach(event -> inFlight.remove(event.id()));
        leftBehind.set(true);
    }

    /**
     * After a routing task: while the queue is at most half full, walks this instance's events that
     * were left in the store, oldest first, and hands them to the routing threads a chunk at a time.
     * One thread at a time walks them.
     */
    private void routeLeftInStore() {
        while (leftBehind.get() && queuedBytes.get() <= maxQueuedBytes / 2 && isRunAllowed()
                && catchingUp.compareAndSet(false, true)) {
            try {
                leftBehind.set(false);
                if (!catchUp()) {
                    // stopped half way for want of room: the routing task that ends next goes on
                    leftBehind.set(true);
                    return;
                }
            } catch (RuntimeException e) {
                leftBehind.set(true);
                LOG.warn("Could not read the events left in the store (tried again after the next routing): {}", e.getMessage());
                return;
            } finally {
                catchingUp.set(false);
            }
        }
    }

    /** One walk over the events left in the store; false if the queue filled up before its end. */
    private boolean catchUp() {
        EventStore.Unrouted after = new EventStore.Unrouted("", "", Long.MIN_VALUE, 0);
        List<EventStore.Unrouted> page;
        do {
            page = events.ownUnrouted(new ArrayList<>(consumers.keySet()), after, SCAN);
            if (page.isEmpty()) {
                return true;
            }
            after = page.get(page.size() - 1);
            List<String> ids = new ArrayList<>();
            long bytes = 0;
            for (EventStore.Unrouted event : page) {
                if (inFlight.add(event.id())) {
                    ids.add(event.id());
                    bytes += event.bodyBytes();
                }
                if (!ids.isEmpty() && (bytes >= maxQueuedBytes / 8 || event == after)) {
                    if (!routeLater(ids, bytes)) {
                        return false;
                    }
                    ids = new ArrayList<>();
                    bytes = 0;
                }
            }
        } while (page.size() == SCAN && queuedBytes.get() <= maxQueuedBytes / 2 && isRunAllowed());
        return page.size() < SCAN;
    }

    /** Queues the routing of events to be loaded from the store; their bodies count against the queue meanwhile. */
    private boolean routeLater(List<String> ids, long bytes) {
        queuedBytes.addAndGet(bytes);
        try {
            workers.execute(() -> {
                Background.lowerPriority();
                try {
                    long streak = heartbeat.streak();
                    routeStored(claim(ids), streak);
                } catch (RuntimeException e) {
                    leftBehind.set(true);
                    LOG.warn("Could not load {} events left in the store (tried again after the next routing): {}", ids.size(), e.getMessage());
                } finally {
                    queuedBytes.addAndGet(-bytes);
                }
                routeLeftInStore();
            });
            return true;
        } catch (RejectedExecutionException e) {
            queuedBytes.addAndGet(-bytes);
            ids.forEach(inFlight::remove);
            return false;
        }
    }

    /**
     * Runs each event's route, then records every outcome in one transaction and wakes the destinations.
     * Without a recent heartbeat, or after a lapse since they were claimed in `streak`, the rest of the
     * batch is left unrouted: it is this instance's still, routed once its beats go through again, or
     * another's once it has taken it over.
     */
    private void route(List<StoredEvent> batch, long streak) {
        try {
            List<Routed> outcomes = new ArrayList<>(batch.size());
            for (StoredEvent event : batch) {
                if (!heartbeat.holdsClaims(streak)) {
                    LOG.warn("Not routing {} events: the heartbeat of instance {} lapsed", batch.size() - outcomes.size(),
                            heartbeat.id());
                    break;
                }
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

    /**
     * Routes what the store holds unrouted that is this instance's to route: events of instances that
     * are down, then its own that its queue does not hold. A page of ids at a time, loading no more
     * bodies at once than the queue may hold.
     */
    private void recover() {
        Background.lowerPriority();
        if (!heartbeat.holdsClaims(heartbeat.streak())) {
            return; // scanned again once beats resume
        }
        try {
            int resumed = takeFromStore(now -> events.orphaned(new ArrayList<>(consumers.keySet()), now, now - retryDelayMillis, SCAN));
            resumed += takeFromStore(now -> events.missed(new ArrayList<>(consumers.keySet()), now - retryDelayMillis, SCAN));
            if (resumed > 0) {
                LOG.info("Took {} unrouted events from the store to route", resumed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not scan the store for unrouted events: {}", e.getMessage());
        }
        // in case the routing task that would have taken them ended just before they were left
        routeLeftInStore();
    }

    /** Claims and routes the pages `scan` finds, while it finds events that are not in the queue already; how many. */
    private int takeFromStore(java.util.function.LongFunction<List<EventStore.Unrouted>> scan) {
        List<EventStore.Unrouted> pending;
        int resumed;
        int total = 0;
        do {
            pending = scan.apply(clock.millis());
            Map<String, EventStore.Unrouted> candidates = new LinkedHashMap<>();
            for (EventStore.Unrouted event : pending) {
                if (consumers.containsKey(event.source()) && inFlight.add(event.id())) {
                    candidates.put(event.id(), event);
                }
            }
            long streak = heartbeat.streak();
            candidates.keySet().retainAll(Set.copyOf(claim(new ArrayList<>(candidates.keySet()))));
            resumed = candidates.size();
            List<List<String>> chunks = new ArrayList<>();
            long chunkBytes = 0;
            for (EventStore.Unrouted event : candidates.values()) {
                if (chunks.isEmpty() || chunkBytes + event.bodyBytes() > maxQueuedBytes) {
                    chunks.add(new ArrayList<>());
                    chunkBytes = 0;
                }
                chunks.get(chunks.size() - 1).add(event.id());
                chunkBytes += event.bodyBytes();
            }
            for (int i = 0; i < chunks.size(); i++) {
                try {
                    routeStored(chunks.get(i), streak);
                } catch (RuntimeException e) {
                    chunks.subList(i + 1, chunks.size()).forEach(rest -> rest.forEach(inFlight::remove));
                    throw e;
                }
            }
            total += resumed;
        } while (pending.size() == SCAN && resumed > 0 && isRunAllowed());
        return total;
    }

    /**
     * Claims events about to be loaded from the store: those another instance has taken meanwhile are
     * its to route, and so are those already routed. Lets go of all on failure.
     */
    private List<String> claim(List<String> ids) {
        List<String> claimed;
        try {
            claimed = events.claimRouting(ids, clock.millis());
        } catch (RuntimeException e) {
            ids.forEach(inFlight::remove);
            throw e;
        }
        Set<String> kept = Set.copyOf(claimed);
        ids.stream().filter(id -> !kept.contains(id)).forEach(inFlight::remove);
        return claimed;
    }

    private void routeStored(List<String> ids, long streak) {
        List<StoredEvent> loaded;
        try {
            loaded = events.load(ids);
        } catch (RuntimeException e) {
            ids.forEach(inFlight::remove);
            throw e;
        }
        // an id no longer found (purged meanwhile) is let go
        Set<String> found = new java.util.HashSet<>();
        loaded.forEach(event -> found.add(event.id()));
        ids.stream().filter(id -> !found.contains(id)).forEach(inFlight::remove);
        route(loaded, streak);
    }
}
