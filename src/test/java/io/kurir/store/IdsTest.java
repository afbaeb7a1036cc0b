package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void tellsTheMillisecondAnIdWasMadeAt() {
        long at = 1_764_520_000_123L;

        assertEquals(at, Ids.millisOf(Ids.next("dlv", at)));
        assertEquals(0, Ids.millisOf(Ids.next("evt", 0)));
    }
}
