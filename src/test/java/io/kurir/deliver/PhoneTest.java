package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PhoneTest {

    @Test
    void readsALocalIndonesianNumberAsPlus62() {
        assertEquals("+6281234567890", Phone.e164("0812-3456-7890"));
        assertEquals("+6281234567890", Phone.e164("0812 3456 7890"));
    }

    @Test
    void keepsANumberThatAlreadyHasItsCountryCode() {
        assertEquals("+6281234567890", Phone.e164("6281234567890"));
        assertEquals("+6281234567890", Phone.e164("+62 812-3456-7890"));
        assertEquals("+31612345678", Phone.e164("+31 6 12345678"));
        assertEquals("+31612345678", Phone.e164("0031612345678"));
    }

    @Test
    void addsTheCountryCodeToANumberTypedWithoutTheLeadingZero() {
        assertEquals("+6281234567890", Phone.e164("81234567890"));
    }

    @Test
    void givesNothingForABlankNumber() {
        assertNull(Phone.e164(" "));
        assertNull(Phone.e164(null));
    }

    @Test
    void dropsThePlusForWhatsApp() {
        assertEquals("6281234567890", Phone.whatsapp("0812-3456-7890"));
    }
}
