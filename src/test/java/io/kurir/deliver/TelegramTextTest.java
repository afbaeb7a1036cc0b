package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TelegramTextTest {

    private final TelegramText telegram = new TelegramText();

    @Test
    void leavesAShortMessageAlone() {
        assertEquals("<b>hi</b> &amp; bye", telegram.fit("<b>hi</b> &amp; bye"));
    }

    @Test
    void cutsALongMessageToTelegramsLimit() {
        String fitted = telegram.fit("x".repeat(10_000));

        assertTrue(fitted.length() <= TelegramText.LIMIT, "length " + fitted.length());
        assertTrue(fitted.endsWith("…"));
    }

    @Test
    void neverCutsInsideAnEntityAndClosesOpenTags() {
        String longBody = "<b>Order</b> <i>" + "a &amp; b ".repeat(1_000) + "</i>";
        String fitted = telegram.fit(longBody);

        assertTrue(fitted.endsWith("…</i>"), fitted.substring(fitted.length() - 20));
        assertFalse(fitted.matches("(?s).*&[a-z]*…</i>$"), "no entity is cut in half");
        assertTrue(fitted.length() <= TelegramText.LIMIT);
    }
}
