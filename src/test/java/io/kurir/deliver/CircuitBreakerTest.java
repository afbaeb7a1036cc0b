package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final CircuitBreaker breaker = new CircuitBreaker(3, 1_000);

    private void fail(int times, long now) {
        for (int i = 0; i < times; i++) {
            breaker.record(false, now);
        }
    }

    @Test
    void letsEverythingThroughWhileAttemptsSucceedOrFailOnlyNowAndThen() {
        fail(2, 0);
        breaker.record(true, 0);
        fail(2, 0);

        assertEquals(4, breaker.admit(4, 0));
        assertFalse(breaker.isOpen(0));
    }

    @Test
    void opensAfterTheThresholdOfFailuresInARow() {
        fail(3, 100);

        assertTrue(breaker.isOpen(500));
        assertEquals(0, breaker.admit(4, 500));
    }

    @Test
    void letsOneProbeThroughOnceTheCoolDownIsOver() {
        fail(3, 0);

        assertEquals(1, breaker.admit(4, 1_000));
        assertEquals(0, breaker.admit(4, 1_000), "only one probe at a time");
    }

    @Test
    void closesWhenTheProbeSucceeds() {
        fail(3, 0);
        breaker.admit(4, 1_000);
        breaker.record(true, 1_010);

        assertEquals(4, breaker.admit(4, 1_020));
    }

    @Test
    void opensAgainWhenTheProbeFails() {
        fail(3, 0);
        breaker.admit(4, 1_000);
        breaker.record(false, 1_010);

        assertTrue(breaker.isOpen(1_500));
        assertEquals(0, breaker.admit(4, 1_500));
        assertEquals(1, breaker.admit(4, 2_010));
    }

    @Test
    void tellsItsStateClosedOpenOrHalfOpen() {
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(0));
        fail(3, 0);

        assertEquals(CircuitBreaker.State.OPEN, breaker.state(999));
        assertEquals(CircuitBreaker.State.HALF_OPEN, breaker.state(1_000));
        breaker.record(true, 1_000);
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state(1_000));
    }
}
