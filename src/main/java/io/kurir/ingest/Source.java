package io.kurir.ingest;

import java.util.List;
import java.util.Set;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.verify.SignatureScheme;

/**
 * A configured sender: `kurir.source.<name>.*`. `secretHeaders` and `secretQuery` name where the
 * source's secret travels in clear (if anywhere), so it is masked in stored headers and kept out of
 * labels; `signatureHeaders` carry signatures. Both are lower case and never forwarded to a destination.
 * `secretIn` says where the secret travels, for the admin API: `header X`, `query x`, or nothing when
 * it never does (it keys a signature). `typeFrom` and `keyFrom` are the provider's places, asked once.
 * `rateLimit` is null when the source may send as fast as it likes.
 */
public record Source(String name, Provider provider, SignatureScheme verifier, String environment,
                     Set<String> secretHeaders, String secretQuery, Set<String> signatureHeaders, List<String> secretIn,
                     List<From> typeFrom, List<From> keyFrom, RateLimit rateLimit) {

    /** The provider's name, as `verify` gives it. */
    public String scheme() {
        return provider.name();
    }

    boolean admits() {
        return rateLimit == null || rateLimit.tryAcquire(System.nanoTime());
    }
}
