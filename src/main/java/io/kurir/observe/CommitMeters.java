package io.kurir.observe;

import java.util.concurrent.TimeUnit;

import io.kurir.store.CommitObserver;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The group commits of one of the store's writers (`events`: webhooks waiting for their answer;
 * `attempts`: delivery attempts' records): how long each took, and how many items it carried.
 */
public final class CommitMeters implements CommitObserver {

    private final Timer time;
    private final DistributionSummary size;

    public CommitMeters(MeterRegistry registry, String writer) {
        time = Timer.builder("kurir.store.commit")
                .description("Time of one group commit of a store writer")
                .tag("writer", writer)
                .serviceLevelObjectives(Metrics.LATENCY_BUCKETS)
                .register(registry);
        size = DistributionSummary.builder("kurir.store.commit.batch.size")
                .description("Items (events or attempt records) in one group commit of a store writer")
                .tag("writer", writer)
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
                .register(registry);
    }

    @Override
    public void committed(int items, long nanos) {
        time.record(nanos, TimeUnit.NANOSECONDS);
        size.record(items);
    }
}
