package io.kurir.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Requests each source accepted and refused since start-up, and the last refusal: the overview's live figures. */
public final class IngestStats {

    public record Figures(long accepted, long refused, String lastError, Long lastErrorAt) {

        public double failureRate() {
            long total = accepted + refused;
            return total == 0 ? 0 : (double) refused / total;
        }
    }

    private static final class Counters {
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong refused = new AtomicLong();
        volatile String lastError;
        volatile Long lastErrorAt;
    }

    private final Map<String, Counters> bySource = new ConcurrentHashMap<>();

    void accepted(String source) {
        counters(source).accepted.incrementAndGet();
    }

    void refused(String source, String error, long at) {
        Counters counters = counters(source);
        counters.refused.incrementAndGet();
        counters.lastError = error;
        counters.lastErrorAt = at;
    }

    public Figures of(String source) {
        Counters c = bySource.get(source);
        return c == null ? new Figures(0, 0, null, null) : new Figures(c.accepted.get(), c.refused.get(), c.lastError, c.lastErrorAt);
    }

    private Counters counters(String source) {
        return bySource.computeIfAbsent(source, s -> new Counters());
    }
}
