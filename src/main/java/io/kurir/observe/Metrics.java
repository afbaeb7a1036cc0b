package io.kurir.observe;

import java.time.Duration;

import io.kurir.Setting;
import io.kurir.Settings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

/**
 * The registry Kurir's meters are made on: Camel's Prometheus registry, which it serves at
 * `/observe/metrics` with the JVM's and the routes' meters; or, with `kurir.metrics.enabled=false`,
 * none at all (a composite of no registry: every meter is a no-op).
 */
public final class Metrics {

    public static final Setting<Boolean> ENABLED = Setting.ofBoolean("kurir.metrics.enabled", true,
            "`/observe/metrics` and every meter; `false` turns them all off ([Operate it](#operate-it-health-and-metrics))");

    /** Histogram buckets of webhooks' answers and of commits: 1 ms to 10 s. */
    static final Duration[] LATENCY_BUCKETS = durations(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000);
    /** Of delivery attempts, which wait for a remote system: 10 ms to a minute. */
    static final Duration[] ATTEMPT_BUCKETS = durations(10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000);

    private Metrics() {
    }

    public static boolean enabled(Settings settings) {
        return settings.getBoolean(ENABLED);
    }

    public static MeterRegistry registry(CamelContext context, boolean enabled) {
        if (!enabled) {
            return new CompositeMeterRegistry();
        }
        // Camel's metrics service binds its registry when it starts, after this: the first to come binds it
        MeterRegistry registry = context.getRegistry().lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME, MeterRegistry.class);
        if (registry == null) {
            registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            context.getRegistry().bind(MicrometerConstants.METRICS_REGISTRY_NAME, registry);
        }
        return registry;
    }

    private static Duration[] durations(long... millis) {
        Duration[] durations = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            durations[i] = Duration.ofMillis(millis[i]);
        }
        return durations;
    }
}
