package io.kurir.admin;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.kurir.Settings;
import io.kurir.deliver.OutboundSigner;
import io.kurir.deliver.RetryPolicy;
import io.kurir.ingest.IngestError;
import io.kurir.ingest.IngestProcessor;
import io.kurir.ingest.IngestStats;
import io.kurir.ingest.Source;
import io.kurir.ingest.Sources;
import io.kurir.provider.From;
import io.kurir.route.DeliveryScheduler;
import io.kurir.route.DestinationSettings;
import io.kurir.store.Appended;
import io.kurir.store.Delivery;
import io.kurir.store.DeliveryStore;
import io.kurir.store.DestinationStats;
import io.kurir.store.EventQueries;
import io.kurir.store.RefusalStore;

/** Sources and destinations as configured (never their secrets) with live figures, and test events. */
public final class OverviewApi extends ApiRoutes {

    private final Settings settings;
    private final Sources sources;
    private final IngestStats stats;
    private final EventQueries events;
    private final DeliveryStore deliveries;
    private final DeliveryScheduler scheduler;
    private final TestEvents testEvents;
    private final Clock clock;

    public OverviewApi(AdminToken token, Settings settings, Sources sources, IngestStats stats, IngestProcessor ingest,
                       EventQueries events, DeliveryStore deliveries, DeliveryScheduler scheduler, Clock clock) {
        super(token);
        this.settings = settings;
        this.sources = sources;
        this.stats = stats;
        this.events = events;
        this.deliveries = deliveries;
        this.scheduler = scheduler;
        this.testEvents = new TestEvents(ingest, clock);
        this.clock = clock;
    }

    @Override
    public void configure() {
        endpoint("GET", "/api/sources", "api-sources", this::sources);
        endpoint("GET", "/api/destinations", "api-destinations", this::destinations);
        endpoint("POST", "/api/sources/{name}/test", "api-source-test", this::test);
    }

    private long startOfToday() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC)).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** Today's figures of each source, from the store: every instance's, across restarts. */
    private Object sources(ApiRequest request) {
        Map<String, Long> today = events.countSince(startOfToday());
        Map<String, RefusalStore.Tally> refusals = stats.today();
        List<Map<String, Object>> items = new ArrayList<>();
        for (Source source : sources.all().values()) {
            long accepted = today.getOrDefault(source.name(), 0L);
            RefusalStore.Tally refused = refusals.getOrDefault(source.name(), new RefusalStore.Tally(0, null, null));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", source.name());
            item.put("verify", source.scheme());
            item.put("eventTypeFrom", From.describe(source.typeFrom(), From.FALLBACK_TYPE));
            item.put("idempotencyKeyFrom", From.describe(source.keyFrom(), From.FALLBACK_KEY));
            item.put("secretIn", source.secretIn());
            item.put("testEvents", testEvents.types(source));
            item.put("environment", source.environment());
            item.put("url", "/hooks/" + source.name());
            item.put("eventsToday", accepted);
            item.put("rejected", refused.refused());
            item.put("failureRate", accepted + refused.refused() == 0 ? 0 : (double) refused.refused() / (accepted + refused.refused()));
            item.put("lastError", refused.lastError());
            item.put("lastErrorAt", Views.time(refused.lastErrorAt()));
            items.add(item);
        }
        return Map.of("sources", items);
    }

    private Object destinations(ApiRequest request) {
        Map<String, DestinationStats> figures = new LinkedHashMap<>();
        deliveries.stats(startOfToday()).forEach(s -> figures.put(s.destination(), s));
        Set<String> names = new TreeSet<>(scheduler.destinations());
        names.addAll(figures.keySet());
        List<Map<String, Object>> items = new ArrayList<>();
        for (String name : names) {
            DestinationStats s = figures.getOrDefault(name, new DestinationStats(name, Map.of(), 0, 0, 0, null, null));
            DestinationSettings own = DestinationSettings.from(settings, name);
            RetryPolicy retry = own.retry();
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", name);
            item.put("routed", scheduler.destinations().contains(name));
            item.put("concurrency", own.concurrency());
            item.put("signed", settings.get(OutboundSigner.SIGNING_SECRET.of(name).key()).isPresent());
            item.put("retry", Map.of("maxAttempts", retry.maxAttempts(), "initialDelay", retry.initialDelayMillis(),
                    "maxDelay", retry.maxDelayMillis(), "multiplier", retry.multiplier()));
            item.put("pending", s.count(Delivery.PENDING));
            item.put("retrying", s.count(Delivery.RETRYING));
            item.put("delivered", s.count(Delivery.DELIVERED));
            item.put("dead", s.count(Delivery.DEAD));
            item.put("deliveredToday", s.deliveredToday());
            item.put("failureRate", s.failureRate());
            item.put("lastError", s.lastError());
            item.put("lastErrorAt", Views.time(s.lastErrorAt()));
            items.add(item);
        }
        return Map.of("destinations", items);
    }

    private Object test(ApiRequest request) throws ApiError {
        String name = request.segment(1);
        Source source = sources.find(name).orElseThrow(() -> ApiError.notFound("no source named '" + name + "'"));
        try {
            Appended stored = testEvents.send(source, request.param("type").orElse(null));
            return Map.of("id", stored.id(), "status", stored.duplicate() ? "duplicate" : "accepted");
        } catch (IngestError e) {
            throw new ApiError(e.status(), e.code(), e.getMessage());
        }
    }
}
