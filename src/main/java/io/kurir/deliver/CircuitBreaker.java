package io.kurir.deliver;

/**
 * Stops attempting a destination that keeps failing: after `failureThreshold` failed attempts in a
 * row it opens for `openMillis`, during which nothing is attempted (so deliveries do not burn their
 * retries against a dead system), then lets one attempt through; a success closes it again.
 */
public final class CircuitBreaker {

    /** Closed: attempts go through; open: none does; half-open: the open time is over, one attempt is let through. */
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openMillis;
    private int failures;
    private long openUntil;
    private boolean probing;

    public CircuitBreaker(int failureThreshold, long openMillis) {
        this.failureThreshold = failureThreshold;
        this.openMillis = openMillis;
    }

    /** How many attempts may start now, out of `wanted`. */
    public synchronized int admit(int wanted, long now) {
        if (failures < failureThreshold) {
            return wanted;
        }
        if (now < openUntil || probing) {
            return 0;
        }
        probing = true;
        return Math.min(wanted, 1);
    }

    public synchronized void record(boolean succeeded, long now) {
        probing = false;
        if (succeeded) {
            failures = 0;
            return;
        }
        failures++;
        if (failures >= failureThreshold) {
            openUntil = now + openMillis;
        }
    }

    public synchronized boolean isOpen(long now) {
        return failures >= failureThreshold && now < openUntil;
    }

    public synchronized State state(long now) {
        if (failures < failureThreshold) {
            return State.CLOSED;
        }
        return now < openUntil ? State.OPEN : State.HALF_OPEN;
    }
}
