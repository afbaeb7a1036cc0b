package io.kurir.ingest;

import java.util.Set;

import io.kurir.verify.SignatureScheme;

/**
 * A configured sender: `kurir.source.<name>.*`. `secretHeaders` and `secretQuery` name where the
 * source's secret travels in clear (if anywhere), so it is masked in stored headers and kept out of
 * labels; `rateLimit` is null when the source may send as fast as it likes.
 */
public record Source(String name, String scheme, SignatureScheme verifier, String environment,
                     Set<String> secretHeaders, String secretQuery, RateLimit rateLimit) {

    public Source(String name, String scheme, SignatureScheme verifier, String environment, Set<String> secretHeaders, String secretQuery) {
        this(name, scheme, verifier, environment, secretHeaders, secretQuery, null);
    }

    boolean admits() {
        return rateLimit == null || rateLimit.tryAcquire(System.nanoTime());
    }
}
