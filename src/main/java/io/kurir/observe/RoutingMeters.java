package io.kurir.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The runs of a source's route over its events, by what the route decided: `routed` (to at least one
 * destination), `no_destination` (to none: the event is stored and nothing is delivered) or `failed`
 * (the route threw; it runs again in a minute).
 */
public final class RoutingMeters {

    private final Counter routed;
    private final Counter noDestination;
    private final Counter failed;

    public RoutingMeters(MeterRegistry registry, String source) {
        routed = counter(registry, source, "routed");
        noDestination = counter(registry, source, "no_destination");
        failed = counter(registry, source, "failed");
    }

    private static Counter counter(MeterRegistry registry, String source, String outcome) {
        return Counter.builder("kurir.routing")
                .description("Route runs over stored events, by source and outcome: routed, no_destination or failed")
                .tag("source", source)
                .tag("outcome", outcome)
                .register(registry);
    }

    public void routed(int destinations) {
        (destinations == 0 ? noDestination : routed).increment();
    }

    public void failed() {
        failed.increment();
    }
}
