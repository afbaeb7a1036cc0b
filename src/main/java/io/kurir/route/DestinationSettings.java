package io.kurir.route;

import java.util.List;

import io.kurir.Setting;
import io.kurir.Settings;
import io.kurir.deliver.RetryPolicy;

/**
 * How one destination's deliveries are attempted: `kurir.deliver.*` and `kurir.retry.*`, which a
 * destination may set for itself as `kurir.destination.<name>.concurrency`,
 * `kurir.destination.<name>.retry.max-attempts` and so on ({@link Setting#keyFor}), all but the poll interval.
 */
public record DestinationSettings(int concurrency, long pollIntervalMillis, long leaseMillis, int batch, int breakerFailures,
                                  long breakerOpenMillis, RetryPolicy retry) {

    public static final Setting<Integer> CONCURRENCY = Setting.ofInt("kurir.deliver.concurrency", 4,
            "attempts of a destination at once");
    public static final Setting<Integer> BATCH = Setting.ofInt("kurir.deliver.batch", 32,
            "deliveries of a destination leased at a time (each lease one statement; on PostgreSQL `FOR UPDATE SKIP LOCKED`, so "
                    + "instances claiming at once never wait for each other or deadlock)");
    public static final Setting<Long> POLL_INTERVAL = Setting.ofLong("kurir.deliver.poll-interval", 1000,
            "ms between two looks for due deliveries (a new delivery or a recorded outcome wakes a destination at once)");
    public static final Setting<Long> LEASE = Setting.ofLong("kurir.deliver.lease", 120_000,
            "ms a claimed delivery is held; an attempt whose route has not finished after half of it fails and is retried, so a "
                    + "producer that never answers cannot hold a worker");
    public static final Setting<Integer> BREAKER_FAILURES = Setting.ofInt("kurir.deliver.breaker.failures", 5,
            "failed attempts in a row that open a destination's circuit breaker");
    public static final Setting<Long> BREAKER_OPEN = Setting.ofLong("kurir.deliver.breaker.open", 30_000,
            "ms an open breaker lets nothing through; then one probe goes, and a success closes it");

    /** What a destination may set for itself. */
    public static final List<Setting<?>> PER_DESTINATION = List.of(CONCURRENCY, BATCH, LEASE, BREAKER_FAILURES, BREAKER_OPEN,
            RetryPolicy.MAX_ATTEMPTS, RetryPolicy.INITIAL_DELAY, RetryPolicy.MAX_DELAY, RetryPolicy.MULTIPLIER);

    public static DestinationSettings from(Settings settings, String destination) {
        return new DestinationSettings(settings.getInt(CONCURRENCY, destination), settings.getLong(POLL_INTERVAL),
                settings.getLong(LEASE, destination), settings.getInt(BATCH, destination), settings.getInt(BREAKER_FAILURES, destination),
                settings.getLong(BREAKER_OPEN, destination), RetryPolicy.forDestination(settings, destination));
    }
}
