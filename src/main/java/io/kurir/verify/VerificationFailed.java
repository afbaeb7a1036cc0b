package io.kurir.verify;

/** A request that did not prove it comes from the sender; the message says why, never a secret. */
public class VerificationFailed extends Exception {

    public enum Reason { INVALID_SIGNATURE, STALE_TIMESTAMP }

    private final Reason reason;

    public VerificationFailed(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public static VerificationFailed invalid(String message) {
        return new VerificationFailed(Reason.INVALID_SIGNATURE, message);
    }

    public static VerificationFailed stale(String message) {
        return new VerificationFailed(Reason.STALE_TIMESTAMP, message);
    }

    public Reason reason() {
        return reason;
    }
}
