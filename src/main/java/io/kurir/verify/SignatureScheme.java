package io.kurir.verify;

/**
 * One way a sender proves a webhook is theirs. Implementations are immutable and thread-safe:
 * one instance serves every request of a source.
 */
public interface SignatureScheme {

    /** Returns normally when the request is authentic, otherwise throws with the reason. */
    void verify(SignedRequest request) throws VerificationFailed;
}
