package io.kurir.deliver;

/**
 * Phone numbers as typed into forms, in E.164 as CRMs and WhatsApp want them. Numbers without a
 * country code are taken as Indonesian: `0812-3456-789` → `+628123456789`.
 */
public final class Phone {

    private static final String DEFAULT_COUNTRY = "62";

    /** E.164, or null for a blank number. */
    public static String e164(String typed) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        String digits = typed.replaceAll("[^0-9]", "");
        if (typed.strip().startsWith("+")) {
            return "+" + digits;
        }
        if (digits.startsWith("00")) {
            return "+" + digits.substring(2);
        }
        if (digits.startsWith(DEFAULT_COUNTRY)) {
            return "+" + digits;
        }
        if (digits.startsWith("0")) {
            return "+" + DEFAULT_COUNTRY + digits.substring(1);
        }
        return "+" + DEFAULT_COUNTRY + digits;
    }

    /** E.164 without the plus, as the WhatsApp Cloud API's `to` takes it. */
    public static String whatsapp(String typed) {
        String number = e164(typed);
        return number == null ? null : number.substring(1);
    }
}
