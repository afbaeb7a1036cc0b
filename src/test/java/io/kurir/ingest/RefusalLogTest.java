package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** A flood of refused webhooks writes at most 10 lines a second per source, and says how many it left out. */
class RefusalLogTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RefusalLog log = new RefusalLog(null);

    @Test
    void writesAtMostTenLinesASecondPerSource() {
        long written = 0;
        for (int i = 0; i < 100; i++) {
            written += log.admit("shop", 5 * SECOND + i) >= 0 ? 1 : 0;
        }

        assertEquals(RefusalLog.LINES_PER_SECOND, written);
    }

    @Test
    void countsTheLinesLeftOutOnTheNextOneWritten() {
        for (int i = 0; i < 25; i++) {
            log.admit("shop", 5 * SECOND + i);
        }

        assertEquals(15, log.admit("shop", 6 * SECOND));
        assertEquals(0, log.admit("shop", 6 * SECOND + 1));
    }

    @Test
    void givesEachSourceItsOwnAllowance() {
        for (int i = 0; i < 25; i++) {
            log.admit("shop", 5 * SECOND + i);
        }

        assertEquals(0, log.admit("crm", 5 * SECOND + 30));
    }
}
