package io.kurir.ingest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of webhook bodies held in memory at once, from the first byte read to the answer. A
 * body is read before its signature can be checked, so without a bound a flood of large unsigned
 * requests could run the heap out; beyond the budget a webhook gets 503 and is retried by its
 * sender. One request alone is always let through, whatever its size (up to the body limit).
 */
final class BodyBudget {

    private final long limit;
    private final AtomicLong held = new AtomicLong();

    BodyBudget(long limit) {
        this.limit = limit;
    }

    boolean reserve(long bytes) {
        long after = held.addAndGet(bytes);
        if (after > limit && after != bytes) {
            held.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    void release(long bytes) {
        held.addAndGet(-bytes);
    }
}
