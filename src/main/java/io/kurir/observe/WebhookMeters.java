package io.kurir.observe;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Webhooks received, by source and outcome (`accepted`, `duplicate`, `probe` for an unsigned probe such
 * as Biteship's, `handshake` for one such as Slack's url_verification, or the refusal's error code), and
 * the time from a request's headers to its answer by status
 * class. A path that names no configured source counts as source `unknown`, so a sender cannot add
 * series by making up paths. The meters are made when the gateway starts (`accepted` and `duplicate` of
 * every source, so they read 0 rather than nothing) or at their first use, and found again through maps
 * of their labels, never through the registry.
 */
public final class WebhookMeters {

    public static final String UNKNOWN_SOURCE = "unknown";

    private final MeterRegistry registry;
    private final Map<String, Map<String, Counter>> received = new HashMap<>();
    private final Timer ok;
    private final Timer refused;
    private final Timer failed;

    public WebhookMeters(MeterRegistry registry, Collection<String> sources) {
        this.registry = registry;
        for (String source : sources) {
            Map<String, Counter> byOutcome = new ConcurrentHashMap<>();
            for (String outcome : List.of("accepted", "duplicate")) {
                byOutcome.put(outcome, counter(source, outcome));
            }
            received.put(source, byOutcome);
        }
        received.put(UNKNOWN_SOURCE, new ConcurrentHashMap<>());
        ok = timer("2xx");
        refused = timer("4xx");
        failed = timer("5xx");
    }

    private Timer timer(String statusClass) {
        return Timer.builder("kurir.ingest.answer")
                .description("Time from a webhook's request headers to its answer, by status class")
                .tag("status", statusClass)
                .serviceLevelObjectives(Metrics.LATENCY_BUCKETS)
                .register(registry);
    }

    private Counter counter(String source, String outcome) {
        return Counter.builder("kurir.webhooks.received")
                .description("Webhooks received, by source and outcome: accepted, duplicate, probe, handshake or the refusal's error code")
                .tag("source", source)
                .tag("outcome", outcome)
                .register(registry);
    }

    /** A webhook was answered: `source` as its path named it (any text), `outcome` as above. */
    public void answered(String source, String outcome, int status, long nanos) {
        Map<String, Counter> byOutcome = received.get(source);
        String known = byOutcome == null ? UNKNOWN_SOURCE : source;
        if (byOutcome == null) {
            byOutcome = received.get(UNKNOWN_SOURCE);
        }
        Counter counter = byOutcome.get(outcome);
        if (counter == null) {
            counter = byOutcome.computeIfAbsent(outcome, o -> counter(known, o));
        }
        counter.increment();
        (status < 300 ? ok : status < 500 ? refused : failed).record(nanos, TimeUnit.NANOSECONDS);
    }
}
