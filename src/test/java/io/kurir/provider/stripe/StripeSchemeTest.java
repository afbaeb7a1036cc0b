package io.kurir.provider.stripe;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.rejection;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.provider.Fixtures;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class StripeSchemeTest {

    private static final String SECRET = "whsec_test_secret";
    private static final long TIMESTAMP = 1_700_000_000L;
    private static final String BODY = "{\"id\":\"evt_1\",\"type\":\"charge.succeeded\"}";
    // printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac 'whsec_test_secret'
    private static final String SIGNATURE = "c0475716eb2200f1fe97fcf35a3c05d1fd4f8ba9a07a596730c8d18bb87c0672";
    // printf '%s' "1700000000.$BODY" | openssl dgst -sha256 -hmac 'whsec_old_secret'
    private static final String OLD_SIGNATURE = "1b4e18a09db4437c413d94446a1dcce3c3c3fa477acb82625a041e762fb66117";

    private final SignatureScheme scheme = scheme("stripe", "secret", SECRET);

    private static Fixtures.Request signed(String body, String header) {
        return request(body).header("Stripe-Signature", header).at(TIMESTAMP);
    }

    @Test
    void acceptsSignatureComputedByStripe() {
        assertDoesNotThrow(() -> scheme.verify(signed(BODY, "t=1700000000,v1=" + SIGNATURE).build()));
    }

    @Test
    void acceptsAnyV1SignatureDuringRotation() {
        assertDoesNotThrow(() -> scheme.verify(
                signed(BODY, "t=1700000000,v1=" + OLD_SIGNATURE + ",v1=" + SIGNATURE).build()));
    }

    @Test
    void ignoresOtherSignatureSchemes() {
        assertDoesNotThrow(() -> scheme.verify(
                signed(BODY, "t=1700000000,v0=" + OLD_SIGNATURE + ",v1=" + SIGNATURE).build()));
        VerificationFailed failure = invalid(scheme, signed(BODY, "t=1700000000,v0=" + SIGNATURE));
        assertEquals("header Stripe-Signature has no v1 signature", failure.getMessage());
    }

    @Test
    void rejectsTamperedBody() {
        invalid(scheme, signed(BODY.replace("evt_1", "evt_2"), "t=1700000000,v1=" + SIGNATURE));
    }

    @Test
    void rejectsTamperedTimestamp() {
        invalid(scheme, signed(BODY, "t=1700000001,v1=" + SIGNATURE));
    }

    @Test
    void rejectsWrongSecret() {
        invalid(scheme("stripe", "secret", "whsec_old_secret"), signed(BODY, "t=1700000000,v1=" + SIGNATURE));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY).at(TIMESTAMP));
        assertEquals("missing header Stripe-Signature", failure.getMessage());
    }

    @Test
    void rejectsHeaderWithoutTimestamp() {
        invalid(scheme, signed(BODY, "v1=" + SIGNATURE));
    }

    @Test
    void rejectsStaleTimestamp() {
        rejection(scheme, signed(BODY, "t=1700000000,v1=" + SIGNATURE).at(TIMESTAMP + 301),
                VerificationFailed.Reason.STALE_TIMESTAMP);
    }

    @Test
    void rejectsFutureTimestamp() {
        rejection(scheme, signed(BODY, "t=1700000000,v1=" + SIGNATURE).at(TIMESTAMP - 301),
                VerificationFailed.Reason.STALE_TIMESTAMP);
    }

    @Test
    void honoursConfiguredTolerance() {
        SignatureScheme strict = scheme("stripe", "secret", SECRET, "tolerance", "60");
        rejection(strict, signed(BODY, "t=1700000000,v1=" + SIGNATURE).at(TIMESTAMP + 61),
                VerificationFailed.Reason.STALE_TIMESTAMP);
    }
}
