package io.kurir.admin;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.kurir.Setting;
import io.kurir.route.DeliveryScheduler;
import io.kurir.store.Delivery;
import io.kurir.store.DeliveryFilter;
import io.kurir.store.DeliveryStore;
import io.kurir.store.DeliveryView;

/** What Kurir sent on: deliveries, retrying one now, and replaying many at a bounded rate. */
public final class DeliveriesApi extends ApiRoutes {

    public static final Setting<Double> REPLAY_RATE = Setting.ofDouble("kurir.replay.rate", 20, "replayed deliveries let loose per second");

    private static final Set<String> STATUSES = Set.of(Delivery.PENDING, Delivery.RETRYING, Delivery.DELIVERED, Delivery.DEAD);

    private final DeliveryStore deliveries;
    private final DeliveryScheduler scheduler;
    private final Clock clock;
    private final long replaySpacingMillis;

    /** @param replayPerSecond how many replayed deliveries a bulk replay lets loose each second */
    public DeliveriesApi(AdminToken token, DeliveryStore deliveries, DeliveryScheduler scheduler, Clock clock, double replayPerSecond) {
        super(token);
        this.deliveries = deliveries;
        this.scheduler = scheduler;
        this.clock = clock;
        this.replaySpacingMillis = Math.round(1000 / replayPerSecond);
    }

    @Override
    public void configure() {
        endpoint("GET", "/api/deliveries", "api-deliveries", this::list);
        endpoint("POST", "/api/deliveries/replay", "api-deliveries-replay", this::replay);
        endpoint("POST", "/api/deliveries/{id}/retry", "api-delivery-retry", this::retry);
    }

    private DeliveryFilter filter(ApiRequest request, int limit) throws ApiError {
        return new DeliveryFilter(request.param("destination"), request.oneOf("status", STATUSES),
                request.time("from"), request.time("to"), request.param("before"), limit);
    }

    private Object list(ApiRequest request) throws ApiError {
        int limit = request.limit();
        List<DeliveryView> page = deliveries.list(filter(request, limit));
        return Views.page("deliveries", page.stream().map(Views::delivery).toList(),
                page.size() == limit ? page.get(page.size() - 1).delivery().id() : null);
    }

    private Object retry(ApiRequest request) throws ApiError {
        String id = request.segment(1);
        Delivery delivery = deliveries.find(id).orElseThrow(() -> ApiError.notFound("no delivery " + id));
        int queued = deliveries.reschedule(List.of(id), clock.millis(), 0, clock.millis());
        scheduler.wake(delivery.destination());
        return Map.of("queued", queued);
    }

    /**
     * Every delivery the filter matches is made due again, spaced out so the destination sees at
     * most the replay rate; with `dryRun=true` only counts them, for a confirmation.
     */
    private Object replay(ApiRequest request) throws ApiError {
        DeliveryFilter filter = filter(request, Integer.MAX_VALUE);
        if (filter.destination().isEmpty() && filter.status().isEmpty() && filter.from().isEmpty() && filter.to().isEmpty()) {
            throw ApiError.badFilter("a replay needs at least one filter (destination, status, from, to)");
        }
        List<String> ids = deliveries.idsMatching(filter);
        if (request.flag("dryRun")) {
            return Map.of("matching", ids.size());
        }
        int queued = deliveries.reschedule(ids, clock.millis(), replaySpacingMillis, clock.millis());
        filter.destination().ifPresentOrElse(scheduler::wake, scheduler::wakeAll);
        return Map.of("queued", queued);
    }
}
