package io.kurir.observe;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.micrometer.routepolicy.MicrometerRoutePolicyFactory;
import org.apache.camel.spi.RoutePolicyFactory;

/**
 * Leaves routes out of Camel's route metrics (`camel_exchanges_*`, `camel_route_policy_seconds`): the
 * ingest route, whose webhooks Kurir's own meters measure more closely. Camel's route policy formats
 * two strings per exchange and route; on the event loop that was half of what the metrics cost a
 * webhook in the benchmark's profile. Set before the routes start, when Camel's policy reads it.
 */
public final class RoutesOutOfCamelMetrics implements StartupListener {

    private final List<String> routeIds;

    public RoutesOutOfCamelMetrics(String... routeIds) {
        this.routeIds = List.of(routeIds);
    }

    @Override
    public void onCamelContextStarting(CamelContext context, boolean alreadyStarted) {
        for (RoutePolicyFactory factory : context.getRoutePolicyFactories()) {
            if (factory instanceof MicrometerRoutePolicyFactory micrometer) {
                String excluded = micrometer.getPolicyConfiguration().getExcludePattern();
                micrometer.getPolicyConfiguration().setExcludePattern(
                        (excluded == null || excluded.isBlank() ? "" : excluded + ",") + String.join(",", routeIds));
            }
        }
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // too late by then: the routes have started
    }
}
