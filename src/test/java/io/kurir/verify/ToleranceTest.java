package io.kurir.verify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ToleranceTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);

    private final Tolerance tolerance = new Tolerance(300);

    @Test
    void acceptsTimestampWithinTolerance() {
        assertDoesNotThrow(() -> tolerance.check("1700000300", NOW));
        assertDoesNotThrow(() -> tolerance.check("1699999700", NOW));
    }

    @Test
    void rejectsTimestampThatIsNotANumber() {
        VerificationFailed failure = assertThrows(VerificationFailed.class, () -> tolerance.check("yesterday", NOW));
        assertEquals(VerificationFailed.Reason.INVALID_SIGNATURE, failure.reason());
    }

    @Test
    void rejectsExtremeTimestampsWithoutOverflow() {
        for (long extreme : new long[] {Long.MIN_VALUE, Long.MAX_VALUE}) {
            VerificationFailed failure = assertThrows(VerificationFailed.class,
                    () -> tolerance.check(Long.toString(extreme), NOW));
            assertEquals(VerificationFailed.Reason.STALE_TIMESTAMP, failure.reason());
        }
    }
}
