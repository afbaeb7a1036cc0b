package io.kurir.store;

import java.security.SecureRandom;

/**
 * Time-ordered ids (`evt_01JD…`): 10 Crockford base32 characters of epoch milliseconds, then 16
 * random ones. Sorting by id sorts by creation time, which the events log pages on.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String prefix, long epochMillis) {
        char[] out = new char[26];
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long high = 0;
        long low = 0;
        for (int i = 0; i < 5; i++) {
            high = (high << 8) | (random[i] & 0xff);
            low = (low << 8) | (random[i + 5] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (low & 31)];
            low >>>= 5;
        }
        return prefix + "_" + new String(out);
    }

    /** The epoch milliseconds an id of {@link #next} was made at. */
    public static long millisOf(String id) {
        int start = id.indexOf('_') + 1;
        long time = 0;
        for (int i = start; i < start + 10; i++) {
            time = (time << 5) | indexOf(id.charAt(i));
        }
        return time;
    }

    private static int indexOf(char c) {
        for (int i = 0; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("not an id of Kurir's: " + c);
    }
}
