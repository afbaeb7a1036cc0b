package io.kurir.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.kurir.route.DeliveryScheduler;
import io.kurir.store.Delivery;
import io.kurir.store.DeliveryStore;
import io.kurir.store.EventFilter;
import io.kurir.store.EventQueries;
import io.kurir.store.StoredEvent;

/** The events log: what arrived, with its deliveries and attempts, and resending an event. */
public final class EventsApi extends ApiRoutes {

    private static final Set<String> STATUSES = Set.of(StoredEvent.RECEIVED, StoredEvent.ROUTED, StoredEvent.ROUTE_FAILED);
    private static final Set<String> ENVIRONMENTS = Set.of("test", "live");

    private final EventQueries events;
    private final DeliveryStore deliveries;
    private final DeliveryScheduler scheduler;
    private final Clock clock;

    public EventsApi(AdminToken token, EventQueries events, DeliveryStore deliveries, DeliveryScheduler scheduler, Clock clock) {
        super(token);
        this.events = events;
        this.deliveries = deliveries;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public void configure() {
        endpoint("GET", "/api/events", "api-events", this::list);
        endpoint("GET", "/api/events/{id}", "api-event", this::one);
        endpoint("POST", "/api/events/{id}/resend", "api-event-resend", this::resend);
    }

    private Object list(ApiRequest request) throws ApiError {
        int limit = request.limit();
        List<StoredEvent> page = events.list(new EventFilter(request.param("source"), request.param("type"),
                request.oneOf("status", STATUSES), request.oneOf("environment", ENVIRONMENTS), label(request),
                request.time("from"), request.time("to"), request.param("q"), request.param("before"), request.param("after"), limit));
        Map<String, Map<String, Long>> counts = deliveries.countsByEvent(page.stream().map(StoredEvent::id).toList());
        List<Map<String, Object>> items = new ArrayList<>();
        page.forEach(e -> items.add(Views.eventSummary(e, counts.getOrDefault(e.id(), Map.of()))));
        return Views.page("events", items, page.size() == limit ? page.get(page.size() - 1).id() : null);
    }

    private static Optional<EventFilter.Label> label(ApiRequest request) throws ApiError {
        Optional<String> label = request.param("label");
        if (label.isEmpty()) {
            return Optional.empty();
        }
        int colon = label.get().indexOf(':');
        if (colon < 1) {
            throw ApiError.badFilter("label must be name:value, e.g. campaign_name:Expo");
        }
        return Optional.of(new EventFilter.Label(label.get().substring(0, colon), label.get().substring(colon + 1)));
    }

    private Object one(ApiRequest request) throws ApiError {
        StoredEvent event = find(request.segment(0));
        List<Map<String, Object>> items = new ArrayList<>();
        for (Delivery d : deliveries.forEvent(event.id())) {
            items.add(Views.delivery(d, deliveries.attempts(d.id())));
        }
        return Views.eventDetail(event, deliveries.countsByEvent(List.of(event.id())).getOrDefault(event.id(), Map.of()), items);
    }

    /** A new attempt now for each of the event's deliveries (or the one to `?destination=`), keeping their history. */
    private Object resend(ApiRequest request) throws ApiError {
        StoredEvent event = find(request.segment(1));
        Optional<String> destination = request.param("destination");
        List<String> ids = deliveries.idsOfEvent(event.id(), destination);
        if (destination.isPresent() && ids.isEmpty()) {
            throw ApiError.notFound("event " + event.id() + " has no delivery to " + destination.get());
        }
        int queued = deliveries.reschedule(ids, clock.millis(), 0, clock.millis());
        deliveries.forEvent(event.id()).forEach(d -> scheduler.wake(d.destination()));
        return Map.of("queued", queued);
    }

    private StoredEvent find(String id) throws ApiError {
        return events.find(id).orElseThrow(() -> ApiError.notFound("no event " + id));
    }
}
