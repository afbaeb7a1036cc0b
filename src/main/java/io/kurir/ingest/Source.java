package io.kurir.ingest;

import java.util.Set;

import io.kurir.verify.SignatureScheme;

/**
 * A configured sender: `kurir.source.<name>.*`. `secretHeader` and `secretQuery` name where the
 * source's secret travels in clear (if anywhere), so it is masked in stored headers and kept out of
 * labels.
 */
public record Source(String name, String scheme, SignatureScheme verifier, String environment,
                     Set<String> secretHeaders, String secretQuery) {
}
