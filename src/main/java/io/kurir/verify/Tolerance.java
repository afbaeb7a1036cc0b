package io.kurir.verify;

import java.time.Instant;

/** How far a signed timestamp may be from now, either way, before the request counts as a replay. */
public final class Tolerance {

    public static final long DEFAULT_SECONDS = 300;

    private final long seconds;

    /** @param seconds positive; the factory checks the setting */
    public Tolerance(long seconds) {
        this.seconds = seconds;
    }

    /** @param timestamp Unix seconds, as the sender wrote them */
    public void check(String timestamp, Instant now) throws VerificationFailed {
        long sent;
        try {
            sent = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw VerificationFailed.invalid("timestamp is not Unix seconds");
        }
        long current = now.getEpochSecond();
        // compared without subtracting the two, which could overflow on a hostile value
        if (sent < current - seconds || sent > current + seconds) {
            throw VerificationFailed.stale("timestamp " + sent + " is outside ±" + seconds + " s");
        }
    }
}
