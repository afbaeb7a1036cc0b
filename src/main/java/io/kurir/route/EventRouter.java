package io.kurir.route;

import io.kurir.Background;
import io.kurir.Setting;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.kurir.fleet.Heartbeat;
import io.kurir.store.Routed;
import io.kurir.store.RoutingClaims;
import io.kurir.store.StoredEvent;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each stored event through its source's route (`from: kurir:source:<name>`), off the request
 * thread, by one path: a claimer thread reads this instance's unrouted events from the store, oldest
 * first, and hands them to the routing threads. It is woken after each commit of events, when a
 * routing thread has room again, when an instance goes down and when its own beats resume; and it
 * looks anyway every `kurir.route.recovery-interval`. So an event just stored, one left by a crash or
 * a restart, and one that waited while routing was behind are all routed the same way.
 * <p>
 * An event is routed only by the instance that owns it: the one that stored it, or the one that took
 * it over from an instance that is down. Ownership holds as long as the owner's heartbeat does, so no
 * backlog of any length lets another instance route the same event; and an instance whose beats fail
 * starts no route ({@link Heartbeat#holdsClaims(long)}) before the others may take its events.
 */
public final class EventRouter extends ServiceSupport {

    public static final Setting<Integer> THREADS = Setting.ofInt("kurir.route.threads", 4,
            "threads running source routes (each takes up to 32 events at a time and records their deliveries in one transaction)");

    public static final Setting<Long> MAX_QUEUED_BYTES = Setting.ofLong("kurir.route.max-queued-bytes", 8L * 1024 * 1024,
            "bytes of bodies read from the store for the routing threads and not yet routed; when routing falls behind (a burst on "
                    + "a busy core), further events wait in the store until there is room");

    public static final Setting<Long> RECOVERY_INTERVAL = Setting.ofLong("kurir.route.recovery-interval", 10_000,
            "ms between looks at the store for events to route when nothing else prompts one (each commit of events, room on the "
                    + "routing threads, an instance going down or beats resuming do): events of instances that are down, and routes "
                    + "that failed");

    public static final Setting<Long> RETRY_DELAY = Setting.ofLong("kurir.route.retry-delay", 30_000,
            "ms after which an event whose route failed (a bug in it, a dependency down) is routed again");

    private static final Logger LOG = LoggerFactory.getLogger(EventRouter.class);
    /** Events one routing task takes: their outcomes are recorded in one transaction. */
    private static final int CHUNK = 32;
    /** Events read from the store at once. */
    private static final int PAGE = 256;
    /** An instance down: its unrouted events are taken this many at a time. */
    private static final int TAKE_OVER = 500;

    private final CamelContext context;
    private final RoutingClaims claims;
    private final DeliveryScheduler scheduler;
    private final Heartbeat heartbeat;
    private final Clock clock;
    private final RouterSettings settings;
    private final Map<String, SourceConsumer> consumers = new ConcurrentHashMap<>();
    /**
     * The claimer's own: events handed to the routing threads that it has not yet seen recorded, which
     * it does not hand again. An id leaves only when the claimer drains `finished` before it reads the
     * store, so a read that still saw an event unrouted never finds it missing from here.
     */
    private final Set<String> inFlight = new HashSet<>();
    private final Queue<List<StoredEvent>> finished = new ConcurrentLinkedQueue<>();
    private final AtomicInteger routing = new AtomicInteger();
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final Map<String, StoredEvent> recent = new ConcurrentHashMap<>();
    private final AtomicLong recentBytes = new AtomicLong();
    private final AtomicBoolean woken = new AtomicBoolean(true);
    private final AtomicBoolean takeOverDue = new AtomicBoolean(true);
    private volatile boolean running;
    private ExecutorService workers;
    private Thread claimer;

    /**
     * @param threads              routing threads
     * @param recoveryIntervalMillis how often the claimer looks for work unasked (events of instances down, routes to retry)
     * @param retryDelayMillis     a route that failed (a bug in it, a dependency down) is tried again after this long
     * @param maxQueuedBytes       bodies of events handed to the routing threads and not yet routed, at most
     */
    public record RouterSettings(int threads, long recoveryIntervalMillis, long retryDelayMillis, long maxQueuedBytes) {

        public RouterSettings {
            if (maxQueuedBytes < 1) {
                throw new IllegalArgumentException("kurir.route.max-queued-bytes must be at least 1, not " + maxQueuedBytes);
            }
        }
    }

    public EventRouter(CamelContext context, RoutingClaims claims, DeliveryScheduler scheduler, Heartbeat heartbeat, Clock clock,
                       RouterSettings settings) {
        this.context = context;
        this.claims = claims;
        this.scheduler = scheduler;
        this.heartbeat = heartbeat;
        this.clock = clock;
        this.settings = settings;
        heartbeat.onPeerDown(this::takeOverSoon);
        // what was left during a lapse is this instance's still
        heartbeat.onBeatsResumed(this::wake);
    }

    /** Events were stored, or there is room again: the claimer looks at the store. Never blocks. */
    public void wake() {
        woken.set(true);
        Thread thread = claimer;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    private void takeOverSoon() {
        takeOverDue.set(true);
        wake();
    }

    void register(String source, SourceConsumer consumer) {
        if (consumers.putIfAbsent(source, consumer) != null) {
            throw new IllegalStateException("two routes consume kurir:source:" + source + "; keep one");
        }
        takeOverSoon();
    }

    void unregister(String source, SourceConsumer consumer) {
        consumers.remove(source, consumer);
    }

    /**
     * Runs the route of the sample's source in a dry run ({@link DryRun}): nothing is stored or
     * recorded, nothing is sent. Empty when no started route starts from `kurir:source:<source>`.
     */
    public Optional<DryRun.Result> dryRun(StoredEvent sample) {
        SourceConsumer consumer = consumers.get(sample.source());
        return consumer == null ? Optional.empty() : Optional.of(consumer.dryRun(sample));
    }

    @Override
    protected void doStart() {
        workers = context.getExecutorServiceManager().newFixedThreadPool(this, "kurir-route", settings.threads());
        running = true;
        claimer = new Thread(this::claimLoop, "kurir-route-claimer");
        claimer.setDaemon(true);
        claimer.start();
    }

    @Override
    protected void doStop() throws InterruptedException {
        running = false;
        // never started when start-up failed before it
        if (claimer != null) {
            LockSupport.unpark(claimer);
            claimer.join(10_000);
            context.getExecutorServiceManager().shutdownGraceful(workers);
        }
    }

    private void claimLoop() {
        Background.lowerPriority();
        long interval = TimeUnit.MILLISECONDS.toNanos(settings.recoveryIntervalMillis());
        long lastLook = System.nanoTime();
        while (running) {
            if (!woken.getAndSet(false)) {
                LockSupport.parkNanos(this, interval - (System.nanoTime() - lastLook));
                if (!woken.getAndSet(false) && System.nanoTime() - lastLook < interval) {
                    continue;
                }
            }
            if (System.nanoTime() - lastLook >= interval) {
                takeOverDue.set(true);
            }
            lastLook = System.nanoTime();
            try {
                claim();
            } catch (RuntimeException e) {
                LOG.warn("Could not read the events to route (tried again at the next commit or in {} ms): {}",
                        settings.recoveryIntervalMillis(), e.getMessage());
            }
        }
    }

    /**
     * Takes over the events of instances that are down when that is due, then hands this instance's
     * due events to the routing threads while they have room: some events left in flight, bodies
     * within `kurir.route.max-queued-bytes`.
     */
    private void claim() {
        long streak = heartbeat.streak();
        // a route being stopped or suspended takes nothing: its events would come back unrouted at once
        List<String> sources = consumers.entrySet().stream().filter(e -> e.getValue().isRunAllowed()).map(Map.Entry::getKey).toList();
        if (!heartbeat.holdsClaims(streak) || sources.isEmpty()) {
            return; // looked at again once beats resume, or a route starts
        }
        if (takeOverDue.getAndSet(false)) {
            int taken;
            int total = 0;
            do {
                taken = claims.takeOver(sources, clock.millis(), TAKE_OVER);
                total += taken;
            } while (taken == TAKE_OVER && running);
            if (total > 0) {
                LOG.info("Took over {} unrouted events of instances that are down", total);
            }
        }
        while (running) {
            drainFinished();
            if (inFlight.size() > lowWater()) {
                return;
            }
            int known = inFlight.size();
            List<RoutingClaims.Unrouted> page = claims.due(sources, clock.millis() - settings.retryDelayMillis(), known + PAGE);
            List<String> fresh = new ArrayList<>();
            long bytes = 0;
            for (RoutingClaims.Unrouted event : page) {
                if (inFlight.contains(event.id())) {
                    continue;
                }
                if (!fresh.isEmpty() && inFlightBytes.get() + bytes + event.bodyBytes() > settings.maxQueuedBytes()) {
                    break;
                }
                fresh.add(event.id());
                bytes += event.bodyBytes();
            }
            if (fresh.isEmpty()) {
                return;
            }
            hand(load(fresh), streak);
            if (page.size() < known + PAGE || inFlightBytes.get() >= settings.maxQueuedBytes()) {
                return;
            }
        }
    }

    /**
     * An event just committed by this instance, kept for the claimer so that it need not read it back:
     * which events are routed is still the store's answer ({@link RoutingClaims#due}), this only spares
     * reading their bodies. One the claimer never takes (its owner lapsed, its route stopped) stays
     * until they fill `kurir.route.max-queued-bytes`; then they are all let go, to be read back.
     */
    public void stored(StoredEvent event) {
        if (!consumers.containsKey(event.source())) {
            return;
        }
        if (recentBytes.addAndGet(event.body().length) > settings.maxQueuedBytes()) {
            recent.clear();
            recentBytes.set(0);
            return;
        }
        recent.put(event.id(), event);
    }

    /** These events, oldest first: those just stored from memory, the others from the store. */
    private List<StoredEvent> load(List<String> ids) {
        List<StoredEvent> events = new ArrayList<>(ids.size());
        List<String> missing = new ArrayList<>();
        for (String id : ids) {
            StoredEvent event = recent.remove(id);
            if (event == null) {
                missing.add(id);
            } else {
                recentBytes.addAndGet(-event.body().length);
                events.add(event);
            }
        }
        if (!missing.isEmpty()) {
            events.addAll(claims.load(missing));
            events.sort(Comparator.comparingLong(StoredEvent::receivedAt));
        }
        return events;
    }

    private void drainFinished() {
        List<StoredEvent> batch;
        while ((batch = finished.poll()) != null) {
            batch.forEach(event -> inFlight.remove(event.id()));
        }
    }

    /** Below this many events in flight the claimer reads more: enough to keep every routing thread busy meanwhile. */
    private int lowWater() {
        return settings.threads() * CHUNK;
    }

    /**
     * Gives the events to the routing threads, CHUNK at a time: a few events go to one thread, whose one
     * transaction then records them all; a backlog is spread over the threads.
     */
    private void hand(List<StoredEvent> events, long streak) {
        for (int from = 0; from < events.size(); from += CHUNK) {
            List<StoredEvent> batch = events.subList(from, Math.min(events.size(), from + CHUNK));
            long bytes = 0;
            for (StoredEvent event : batch) {
                inFlight.add(event.id());
                bytes += event.body().length;
            }
            inFlightBytes.addAndGet(bytes);
            routing.addAndGet(batch.size());
            long taken = bytes;
            try {
                workers.execute(() -> {
                    Background.lowerPriority();
                    try {
                        route(batch, streak);
                    } finally {
                        finished.add(batch);
                        inFlightBytes.addAndGet(-taken);
                        if (routing.addAndGet(-batch.size()) <= lowWater()) {
                            wake();
                        }
                    }
                });
            } catch (RejectedExecutionException e) {
                // stopping: left in the store, routed after the restart
                batch.forEach(event -> inFlight.remove(event.id()));
                inFlightBytes.addAndGet(-taken);
                routing.addAndGet(-batch.size());
                return;
            }
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
                claims.recordRouting(outcomes, clock.millis()).forEach(scheduler::wake);
            }
        } catch (RuntimeException e) {
            // still received (or route_failed) in the store: read and routed again
            LOG.warn("Could not record the routing of {} events (they are routed again): {}", batch.size(), e.getMessage());
        }
    }
}
