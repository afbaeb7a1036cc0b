package io.kurir.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kurir.fleet.Heartbeat;
import io.kurir.store.InstanceStore;

/** The instances sharing the store: which are up, since when, and what each holds right now. */
public final class InstancesApi extends ApiRoutes {

    private final InstanceStore instances;
    private final Heartbeat self;
    private final Clock clock;

    public InstancesApi(AdminToken token, InstanceStore instances, Heartbeat self, Clock clock) {
        super(token);
        this.instances = instances;
        this.self = self;
        this.clock = clock;
    }

    @Override
    public void configure() {
        endpoint("GET", "/api/instances", "api-instances", this::list);
    }

    private Object list(ApiRequest request) {
        long now = clock.millis();
        Map<String, InstanceStore.Holding> holdings = instances.holdings();
        List<Map<String, Object>> items = new ArrayList<>();
        for (InstanceStore.Instance instance : instances.list()) {
            boolean up = instance.lastBeat() >= now - self.timeoutMillis();
            InstanceStore.Holding holding = holdings.getOrDefault(instance.id(), new InstanceStore.Holding(0, 0));
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", instance.id());
            item.put("host", instance.host());
            item.put("version", instance.version());
            item.put("self", instance.id().equals(self.id()));
            item.put("up", up);
            item.put("startedAt", Views.time(instance.startedAt()));
            // a stopped instance's beat is set to 0, so that its work is taken over at once
            item.put("lastBeat", instance.lastBeat() == 0 ? null : Views.time(instance.lastBeat()));
            item.put("uptimeSeconds", up ? (now - instance.startedAt()) / 1000 : null);
            item.put("unroutedEvents", holding.unroutedEvents());
            item.put("leasedDeliveries", holding.leasedDeliveries());
            items.add(item);
        }
        return Map.of("instances", items, "timeoutMillis", self.timeoutMillis());
    }
}
