package io.kurir.provider.hmac;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class HmacSchemeTest {

    private static final String SECRET = "generic-secret";
    private static final String BODY = "lead=42";
    // printf '%s' 'lead=42' | openssl dgst -sha256 -hmac 'generic-secret'
    private static final String SHA256_HEX = "f2996071acde27e46ebd1ab48cc4d255898e99f71c43c133ea3618f68ffc4d8c";
    // printf '%s' 'lead=42' | openssl dgst -sha1 -hmac 'generic-secret' -binary | base64
    private static final String SHA1_BASE64 = "3tHQKXK8lcQ8WypCwkUrdlFPAvs=";
    // printf '%s' 'lead=42' | openssl dgst -sha512 -hmac 'generic-secret'
    private static final String SHA512_HEX = "8eebd5cd81a1a3980018c9d92fe89b31bbaa7aba9748897508471f87a4608853"
            + "c2864b80f1bfb2311bc90edf46cc6cd636d73988df2153fc7dbf898b4e5bd47e";

    @Test
    void acceptsHexSha256ByDefault() {
        SignatureScheme scheme = scheme("hmac", "secret", SECRET, "header", "X-Signature");
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("X-Signature", SHA256_HEX).build()));
    }

    @Test
    void acceptsBase64Sha1AfterPrefix() {
        SignatureScheme scheme = scheme("hmac", "secret", SECRET, "header", "X-Signature",
                "algorithm", "SHA-1", "encoding", "base64", "prefix", "sha1=");
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("X-Signature", "sha1=" + SHA1_BASE64).build()));
    }

    @Test
    void acceptsSha512() {
        SignatureScheme scheme = scheme("hmac", "secret", SECRET, "header", "X-Signature", "algorithm", "sha-512");
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("X-Signature", SHA512_HEX).build()));
    }

    @Test
    void rejectsSignatureWithoutConfiguredPrefix() {
        SignatureScheme scheme = scheme("hmac", "secret", SECRET, "header", "X-Signature", "prefix", "sha256=");
        VerificationFailed failure = invalid(scheme, request(BODY).header("X-Signature", SHA256_HEX));
        assertEquals("header X-Signature does not start with sha256=", failure.getMessage());
    }

    @Test
    void rejectsSignatureOfOtherAlgorithm() {
        SignatureScheme scheme = scheme("hmac", "secret", SECRET, "header", "X-Signature", "algorithm", "SHA-512");
        invalid(scheme, request(BODY).header("X-Signature", SHA256_HEX));
    }

    @Test
    void rejectsTamperedBody() {
        SignatureScheme scheme = scheme("hmac", "secret", SECRET, "header", "X-Signature");
        invalid(scheme, request("lead=43").header("X-Signature", SHA256_HEX));
    }

    @Test
    void rejectsWrongSecret() {
        SignatureScheme scheme = scheme("hmac", "secret", "other-secret", "header", "X-Signature");
        invalid(scheme, request(BODY).header("X-Signature", SHA256_HEX));
    }

    @Test
    void rejectsMissingHeader() {
        SignatureScheme scheme = scheme("hmac", "secret", SECRET, "header", "X-Signature");
        VerificationFailed failure = invalid(scheme, request(BODY));
        assertEquals("missing header X-Signature", failure.getMessage());
    }
}
