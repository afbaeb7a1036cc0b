package io.kurir.provider.github;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class GithubSchemeTest {

    // GitHub's documented example, re-computed with
    // printf '%s' 'Hello, World!' | openssl dgst -sha256 -hmac "It's a Secret to Everybody"
    private static final String SECRET = "It's a Secret to Everybody";
    private static final String BODY = "Hello, World!";
    private static final String SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private final SignatureScheme scheme = scheme("github", "secret", SECRET);

    @Test
    void acceptsSignatureComputedByGithub() {
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("X-Hub-Signature-256", SIGNATURE).build()));
    }

    @Test
    void rejectsTamperedBody() {
        invalid(scheme, request("Hello, World?").header("X-Hub-Signature-256", SIGNATURE));
    }

    @Test
    void rejectsWrongSecret() {
        invalid(scheme("github", "secret", "another secret"), request(BODY).header("X-Hub-Signature-256", SIGNATURE));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY).header("X-Hub-Signature", "sha1=whatever"));
        assertEquals("missing header X-Hub-Signature-256", failure.getMessage());
    }

    @Test
    void rejectsSignatureWithoutPrefix() {
        String bare = SIGNATURE.substring("sha256=".length());
        VerificationFailed failure = invalid(scheme, request(BODY).header("X-Hub-Signature-256", bare));
        assertEquals("header X-Hub-Signature-256 does not start with sha256=", failure.getMessage());
    }
}
