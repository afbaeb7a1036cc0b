package io.kurir.verify;

/** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}. */
final class GithubScheme implements SignatureScheme {

    private final HmacScheme hmac;

    GithubScheme(String secret) {
        hmac = new HmacScheme("X-Hub-Signature-256", "HmacSHA256", HmacScheme.Encoding.HEX, "sha256=", secret);
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        hmac.verify(request);
    }
}
