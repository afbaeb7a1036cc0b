package io.kurir.store;

import java.util.Map;

/** A destination's figures for the overview: deliveries by status, today's attempts, the last failure. */
public record DestinationStats(String destination, Map<String, Long> byStatus, long deliveredToday, long attemptsToday,
                               long failedToday, String lastError, Long lastErrorAt) {

    public long count(String status) {
        return byStatus.getOrDefault(status, 0L);
    }

    public double failureRate() {
        return attemptsToday == 0 ? 0 : (double) failedToday / attemptsToday;
    }
}
