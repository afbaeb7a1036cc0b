package io.kurir.ingest;

/**
 * A token bucket: `perSecond` requests a second on average, bursts of up to one second's worth.
 * One per source, so a source flooding the gateway is slowed down while the others are served.
 */
final class RateLimit {

    private final double perSecond;
    private double tokens;
    private long refilledAt;

    RateLimit(double perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.refilledAt = nowNanos;
    }

    synchronized boolean tryAcquire(long nowNanos) {
        tokens = Math.min(perSecond, tokens + (nowNanos - refilledAt) / 1e9 * perSecond);
        refilledAt = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
