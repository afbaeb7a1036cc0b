package io.kurir.provider.sendcloud;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Locale;

import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class SendcloudSchemeTest {

    private static final String SECRET = "Sendcloud-Key#2024";
    private static final String BODY = "{\"action\":\"parcel_status_changed\",\"timestamp\":1700000000000,\"parcel\":{\"id\":42}}";
    // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'Sendcloud-Key#2024'
    private static final String SIGNATURE = "e54d284f947d954751595afef1cffcc75fdbf9d58bf9aa94d076e2c11bc56494";

    private final SignatureScheme scheme = scheme("sendcloud", "secret", SECRET);

    @Test
    void acceptsSignatureComputedBySendcloud() {
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("Sendcloud-Signature", SIGNATURE).build()));
    }

    @Test
    void acceptsUpperCaseHex() {
        String upper = SIGNATURE.toUpperCase(Locale.ROOT);
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("Sendcloud-Signature", upper).build()));
    }

    @Test
    void rejectsTamperedBody() {
        VerificationFailed failure = invalid(scheme, request(BODY.replace("42", "43")).header("Sendcloud-Signature", SIGNATURE));
        assertEquals("signature does not match", failure.getMessage());
    }

    @Test
    void rejectsBodyWithExtraWhitespace() {
        invalid(scheme, request(BODY + "\n").header("Sendcloud-Signature", SIGNATURE));
    }

    @Test
    void rejectsWrongSecret() {
        SignatureScheme other = scheme("sendcloud", "secret", "Another-Key#2024");
        VerificationFailed failure = invalid(other, request(BODY).header("Sendcloud-Signature", SIGNATURE));
        assertFalse(failure.getMessage().contains("Another-Key#2024"));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY));
        assertEquals("missing header Sendcloud-Signature", failure.getMessage());
    }

    @Test
    void rejectsMalformedHex() {
        invalid(scheme, request(BODY).header("Sendcloud-Signature", "not-hex"));
    }
}
