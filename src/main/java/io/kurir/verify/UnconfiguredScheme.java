package io.kurir.verify;

/** Stands in while a source's secret is missing: the gateway still starts, and the source accepts nothing. */
public final class UnconfiguredScheme implements SignatureScheme {

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        throw VerificationFailed.invalid("source secret is not configured");
    }
}
