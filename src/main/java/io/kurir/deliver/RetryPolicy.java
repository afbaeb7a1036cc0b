package io.kurir.deliver;

import java.util.concurrent.ThreadLocalRandom;

import io.kurir.Setting;
import io.kurir.Settings;
import io.kurir.store.Delivery;

/**
 * Exponential backoff with jitter: the n-th retry waits `initialDelay × multiplier^(n-1)`, capped
 * at `maxDelay`, of which a random half is taken off so that failed deliveries spread out rather
 * than retrying in step. A `Retry-After` from the destination replaces the computed delay (up to a
 * day, so a broken header cannot park a delivery for ever).
 */
public record RetryPolicy(int maxAttempts, long initialDelayMillis, long maxDelayMillis, double multiplier) {

    public static final Setting<Integer> MAX_ATTEMPTS = Setting.ofInt("kurir.retry.max-attempts", 10,
            "after this many failed attempts the delivery is `dead`");
    public static final Setting<Long> INITIAL_DELAY = Setting.ofLong("kurir.retry.initial-delay", 30_000, "ms before the first retry");
    public static final Setting<Long> MAX_DELAY = Setting.ofLong("kurir.retry.max-delay", 3_600_000, "cap of the delay, ms");
    public static final Setting<Double> MULTIPLIER = Setting.ofDouble("kurir.retry.multiplier", 2, "growth of the delay per attempt");

    private static final long MAX_RETRY_AFTER_MILLIS = 86_400_000;

    /** The delivery's next state: its status and when to try again (null when there is nothing more to try). */
    public record Next(String status, Long at) {
    }

    /** `kurir.retry.*`, or the destination's own `kurir.destination.<name>.retry.*`. */
    public static RetryPolicy forDestination(Settings settings, String destination) {
        RetryPolicy policy = new RetryPolicy(settings.getInt(MAX_ATTEMPTS, destination), settings.getLong(INITIAL_DELAY, destination),
                settings.getLong(MAX_DELAY, destination), settings.getDouble(MULTIPLIER, destination));
        if (policy.maxAttempts < 1 || policy.initialDelayMillis < 0 || policy.maxDelayMillis < policy.initialDelayMillis
                || policy.multiplier < 1) {
            throw new IllegalArgumentException("retry settings of destination '" + destination + "' are inconsistent: " + policy
                    + " (need max-attempts ≥ 1, 0 ≤ initial-delay ≤ max-delay, multiplier ≥ 1)");
        }
        return policy;
    }

    public Next after(int attemptNumber, AttemptOutcome outcome, long now) {
        if (outcome.succeeded()) {
            return new Next(Delivery.DELIVERED, null);
        }
        if (attemptNumber >= maxAttempts) {
            return new Next(Delivery.DEAD, null);
        }
        long delay = outcome.retryAfterMillis() != null
                ? Math.min(outcome.retryAfterMillis(), MAX_RETRY_AFTER_MILLIS)
                : jittered(backoff(attemptNumber));
        return new Next(Delivery.RETRYING, now + delay);
    }

    /** The un-jittered wait after the given failed attempt. */
    long backoff(int attemptNumber) {
        double delay = initialDelayMillis * Math.pow(multiplier, attemptNumber - 1);
        return (long) Math.min(delay, maxDelayMillis);
    }

    private static long jittered(long delay) {
        long half = delay / 2;
        return half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0);
    }
}
