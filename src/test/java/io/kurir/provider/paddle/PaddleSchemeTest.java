package io.kurir.provider.paddle;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.rejection;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kurir.provider.Fixtures;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class PaddleSchemeTest {

    private static final String SECRET = "pdl_ntfset_01hs0t3tw21j988db1pam5xg8m_GrOWLNef+vmtjJYq4mSnHNzvc8uWoJ1I";
    private static final long TIMESTAMP = 1_700_000_000L;
    // a transaction.completed notification, 499 bytes
    private static final String BODY = "{\"event_id\":\"evt_01hv8x2acma1zkzejtwb5an2qm\",\"event_type\":\"transaction.completed\","
            + "\"occurred_at\":\"2024-04-12T10:18:49.621022Z\",\"notification_id\":\"ntf_01hv8x2af8cc2n0q3vwh9jqmp6\","
            + "\"data\":{\"id\":\"txn_01hv8wptq8987qeep44cyrewp9\",\"status\":\"completed\",\"customer_id\":\"ctm_01hv6y1jedq4p1n0yqn5ba3ky4\","
            + "\"currency_code\":\"USD\",\"origin\":\"web\",\"subscription_id\":\"sub_01hv8x29kz0t586xy6zn1a62ny\",\"invoice_number\":\"325-10566\","
            + "\"details\":{\"totals\":{\"subtotal\":\"40000\",\"tax\":\"0\",\"total\":\"40000\",\"currency_code\":\"USD\"}}}}";
    // { printf '%s' '1700000000:'; printf '%s' "$BODY"; } | openssl dgst -sha256 -hmac "$SECRET" -r
    // (@paddle/paddle-node-sdk 3.10.0 isSignatureValid agrees)
    private static final String H1 = "1ef56e06811c8758ea66f9bcb1401cbdcf945b4dad4c45f5b4dca3ad6b077bd3";

    private final SignatureScheme scheme = scheme("paddle", "secret", SECRET);

    private static Fixtures.Request signed(String body, String header) {
        return request(body).header("Paddle-Signature", header).at(TIMESTAMP);
    }

    @Test
    void acceptsSignatureComputedAsPaddleDoes() {
        assertDoesNotThrow(() -> scheme.verify(signed(BODY, "ts=1700000000;h1=" + H1).build()));
    }

    @Test
    void acceptsVectorOfPaddlesSdkExample() {
        // paddle-python-sdk examples/webhook_verification.py: a customer.created notification, 458 bytes
        String body = "{\"data\":{\"id\":\"ctm_01hs0tqf76sxmp7ba5e4mw1sc8\",\"name\":\"John Doe\",\"email\":\"blackhole+verification2@paddle.com\","
                + "\"locale\":\"en\",\"status\":\"active\",\"created_at\":\"2024-03-15T10:32:37.862Z\",\"updated_at\":\"2024-03-15T10:32:37.862Z\","
                + "\"custom_data\":null,\"import_meta\":null,\"marketing_consent\":false},\"event_id\":\"evt_01hs0tqfme2xwb2hvwv87p8y3w\","
                + "\"event_type\":\"customer.created\",\"occurred_at\":\"2024-03-15T10:32:38.286848Z\","
                + "\"notification_id\":\"ntf_01hs0tqfrhgkyp39x4wyvy7h6n\"}";
        assertDoesNotThrow(() -> scheme.verify(request(body).at(1_710_498_758L)
                .header("Paddle-Signature", "ts=1710498758;h1=558bf93944dbeb4790c7a8af6cb2ea435c8ca9c8396aafc1a4e37424ac132744").build()));
    }

    @Test
    void acceptsAnyH1AsPaddlesPythonSdkTestDoes() {
        // paddle-python-sdk tests/Unit/Notification/test_Verifier.py: the second h1 matches
        SignatureScheme old = scheme("paddle", "secret", "pdl_ntf_01hbpjmytsa32fhr36nqgc3kgb_WvRO0eL4Bj9rgYYIBZY6wZhG4EHy9jzh");
        assertDoesNotThrow(() -> old.verify(request("hello-world").at(1_696_195_954L).header("Paddle-Signature",
                "ts=1696195954;h1=dummy;h1=d96299976a6eb066f484d7fde011ac56fc32b38fc9940bc419d6e537fdc6ef02").build()));
    }

    @Test
    void acceptsMatchingH1AfterAnotherDuringRotation() {
        assertDoesNotThrow(() -> scheme.verify(signed(BODY, "ts=1700000000;h1=00;h1=" + H1).build()));
        assertDoesNotThrow(() -> scheme.verify(signed(BODY, "ts=1700000000;h1=" + H1 + ";h1=00").build()));
    }

    @Test
    void ignoresUnknownKeys() {
        assertDoesNotThrow(() -> scheme.verify(signed(BODY, "ts=1700000000;h2=abc;h1=" + H1 + ";v=9").build()));
    }

    @Test
    void rejectsTamperedBody() {
        invalid(scheme, signed(BODY.replaceFirst("\"total\":\"40000\"", "\"total\":\"40001\""), "ts=1700000000;h1=" + H1));
    }

    @Test
    void rejectsTamperedTimestamp() {
        invalid(scheme, signed(BODY, "ts=1700000001;h1=" + H1));
    }

    @Test
    void rejectsSecretWithoutItsPrefix() {
        // the prefix is part of the key
        invalid(scheme("paddle", "secret", SECRET.substring("pdl_ntfset_".length())), signed(BODY, "ts=1700000000;h1=" + H1));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY).at(TIMESTAMP));
        assertEquals("missing header Paddle-Signature", failure.getMessage());
    }

    @Test
    void rejectsHeaderWithoutTimestamp() {
        VerificationFailed failure = invalid(scheme, signed(BODY, "h1=" + H1));
        assertEquals("header Paddle-Signature has no timestamp ts=", failure.getMessage());
    }

    @Test
    void rejectsHeaderWithoutH1() {
        VerificationFailed failure = invalid(scheme, signed(BODY, "ts=1700000000;h2=" + H1));
        assertEquals("header Paddle-Signature has no h1 signature", failure.getMessage());
    }

    @Test
    void acceptsTimestampFiveSecondsOldAsPaddlesSdksDo() {
        assertDoesNotThrow(() -> scheme.verify(signed(BODY, "ts=1700000000;h1=" + H1).at(TIMESTAMP + 5).build()));
    }

    @Test
    void rejectsStaleTimestampAfterFiveSeconds() {
        // @paddle/paddle-node-sdk 3.10.0 also refuses this one at ts+6
        rejection(scheme, signed(BODY, "ts=1700000000;h1=" + H1).at(TIMESTAMP + 6), VerificationFailed.Reason.STALE_TIMESTAMP);
    }

    @Test
    void rejectsFutureTimestamp() {
        rejection(scheme, signed(BODY, "ts=1700000000;h1=" + H1).at(TIMESTAMP - 6), VerificationFailed.Reason.STALE_TIMESTAMP);
    }

    @Test
    void honoursConfiguredTolerance() {
        SignatureScheme lenient = scheme("paddle", "secret", SECRET, "tolerance", "60");
        assertDoesNotThrow(() -> lenient.verify(signed(BODY, "ts=1700000000;h1=" + H1).at(TIMESTAMP + 60).build()));
        rejection(lenient, signed(BODY, "ts=1700000000;h1=" + H1).at(TIMESTAMP + 61), VerificationFailed.Reason.STALE_TIMESTAMP);
    }

    @Test
    void refusesToleranceThatIsNotAPositiveNumber() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> scheme("paddle", "secret", SECRET, "tolerance", "0"));
        assertEquals("kurir.source.shop.tolerance must be a positive whole number, not '0'", error.getMessage());
    }
}
