package io.kurir.observe;

import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.kurir.Setting;
import io.kurir.store.Backlog;
import io.kurir.store.DeliveryStore;
import io.kurir.store.EventQueries;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges read from the store: per destination the deliveries pending, retrying and dead and the age
 * of the oldest still to be delivered; per source the events not routed yet. The store is read every
 * `interval` on a background thread and the gauges show the last reading, so a scrape never reads the
 * store. They count every instance's deliveries and events: instances sharing a store all show the
 * same figures (`max` them across instances, never `sum`).
 */
public final class StoreGauges extends ServiceSupport {

    public static final Setting<Long> INTERVAL = Setting.ofLong("kurir.metrics.store-interval", 5000,
            "ms between two readings of the store for its gauges (at least 1000)");

    private static final Logger LOG = LoggerFactory.getLogger(StoreGauges.class);
    /** However it is configured, the store is read at most this often. */
    private static final long MIN_INTERVAL_MILLIS = 1000;

    /** One reading of the store, and when it was taken (epoch ms). */
    private record Reading(Map<String, Backlog> backlog, Map<String, Long> unrouted, long at) {
    }

    private final CamelContext context;
    private final MeterRegistry registry;
    private final DeliveryStore deliveries;
    private final EventQueries events;
    private final Supplier<Set<String>> destinations;
    private final Set<String> sources;
    private final Clock clock;
    private final long intervalMillis;
    /** The destinations and sources whose gauges exist; touched by the reading thread only. */
    private final Set<String> measuredDestinations = new HashSet<>();
    private final Set<String> measuredSources = new HashSet<>();
    private volatile Reading last;
    private ScheduledExecutorService reader;

    /**
     * @param destinations the destinations that have a route here, asked at each reading (routes start after this)
     * @param sources      the configured sources: their gauges read 0 from the start
     */
    public StoreGauges(CamelContext context, MeterRegistry registry, DeliveryStore deliveries, EventQueries events,
                       Supplier<Set<String>> destinations, Set<String> sources, Clock clock, long intervalMillis) {
        this.context = context;
        this.registry = registry;
        this.deliveries = deliveries;
        this.events = events;
        this.destinations = destinations;
        this.sources = sources;
        this.clock = clock;
        this.intervalMillis = Math.max(MIN_INTERVAL_MILLIS, intervalMillis);
        this.last = new Reading(Map.of(), Map.of(), clock.millis());
        Gauge.builder("kurir.store.gauges.age", this, g -> (g.clock.millis() - g.last.at()) / 1000.0)
                .description("Seconds since the store gauges (deliveries, events unrouted) were last read from the store")
                .baseUnit("seconds")
                .register(registry);
    }

    @Override
    protected void doStart() {
        reader = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "kurir-store-gauges");
        reader.scheduleWithFixedDelay(this::read, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (reader != null) {
            context.getExecutorServiceManager().shutdownGraceful(reader);
        }
    }

    private void read() {
        try {
            Map<String, Backlog> backlog = new HashMap<>();
            for (Backlog b : deliveries.backlog(destinations.get())) {
                backlog.put(b.destination(), b);
            }
            Map<String, Long> unrouted = events.unroutedBySource();
            last = new Reading(backlog, unrouted, clock.millis());
            backlog.keySet().forEach(this::measureDestination);
            sources.forEach(this::measureSource);
            unrouted.keySet().forEach(this::measureSource);
        } catch (RuntimeException e) {
            // the gauges keep their last reading; kurir_store_gauges_age_seconds shows how old it is
            LOG.debug("Could not read the store gauges: {}", e.getMessage());
        }
    }

    private void measureDestination(String destination) {
        if (!measuredDestinations.add(destination)) {
            return;
        }
        undelivered(destination, "pending", Backlog::pending);
        undelivered(destination, "retrying", Backlog::retrying);
        undelivered(destination, "dead", Backlog::dead);
        Gauge.builder("kurir.deliveries.oldest.undelivered.age", this, g -> g.oldestAge(destination))
                .description("Seconds since the oldest pending or retrying delivery of a destination was recorded (0: none); every instance's")
                .tag("destination", destination)
                .baseUnit("seconds")
                .register(registry);
    }

    private void undelivered(String destination, String status, ToDoubleFunction<Backlog> count) {
        Gauge.builder("kurir.deliveries.undelivered", this, g -> {
                    Backlog b = g.last.backlog().get(destination);
                    return b == null ? 0 : count.applyAsDouble(b);
                })
                .description("Deliveries not delivered, by destination and status (pending, retrying, dead); every instance's")
                .tag("destination", destination)
                .tag("status", status)
                .register(registry);
    }

    private double oldestAge(String destination) {
        Backlog b = last.backlog().get(destination);
        return b == null || b.oldestUndeliveredAt() == null ? 0 : Math.max(0, clock.millis() - b.oldestUndeliveredAt()) / 1000.0;
    }

    private void measureSource(String source) {
        if (measuredSources.add(source)) {
            Gauge.builder("kurir.events.unrouted", this, g -> g.last.unrouted().getOrDefault(source, 0L))
                    .description("Events stored but not routed yet (waiting for their route, for another try, or for a route of "
                            + "their source), by source; every instance's")
                    .tag("source", source)
                    .register(registry);
        }
    }
}
