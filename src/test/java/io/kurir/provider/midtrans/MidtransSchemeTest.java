package io.kurir.provider.midtrans;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class MidtransSchemeTest {

    // Midtrans's documented example, re-computed with
    // printf '%s' '1111200100000.00askvnoibnosifnboseofinbofinfgbiufglnbfg' | openssl dgst -sha512 -r
    private static final String DOCS_KEY = "askvnoibnosifnboseofinbofinfgbiufglnbfg";
    private static final String DOCS_SIGNATURE = "edc076b21793ebe3e17926350f5b8ae67d902fe657b3d0aa31b932d5c127e237"
            + "5d308a2bc94f3265ac2d80a1f181a79b997ac178a236fcff35af263fc4d4c231";

    private static final String SERVER_KEY = "SB-Mid-server-kurirTestKey0123456789";
    // printf '%s' 'order-101c-1578569229''200''20000.00''SB-Mid-server-kurirTestKey0123456789' | openssl dgst -sha512 -r
    private static final String SIGNATURE = "656a1767894b4609c2675bf921f6fb2ad8575edc17763521cc04dced6de1d37f"
            + "d1c0f37ca212292bcd5f08e77123884262a8949226d08f10e24ffbf371b09999";
    private static final String SETTLEMENT = "{\"transaction_time\":\"2020-01-09 18:27:19\",\"transaction_status\":\"settlement\","
            + "\"transaction_id\":\"57d5293c-e65f-4a29-95e4-5959c3fa335b\",\"status_message\":\"midtrans payment notification\","
            + "\"status_code\":\"200\",\"signature_key\":\"" + SIGNATURE + "\",\"settlement_time\":\"2020-01-09 18:27:49\","
            + "\"payment_type\":\"bank_transfer\",\"order_id\":\"order-101c-1578569229\",\"merchant_id\":\"G141532850\","
            + "\"gross_amount\":\"20000.00\",\"fraud_status\":\"accept\",\"currency\":\"IDR\","
            + "\"va_numbers\":[{\"va_number\":\"812785002530231\",\"bank\":\"bca\"}]}";

    private final SignatureScheme scheme = scheme("midtrans", "secret", SERVER_KEY);

    private static String docsBody(String statusCode, String signature) {
        return "{\"order_id\":\"1111\",\"status_code\":" + statusCode + ",\"gross_amount\":\"100000.00\",\"signature_key\":\"" + signature + "\"}";
    }

    @Test
    void acceptsMidtransDocumentedExample() {
        assertDoesNotThrow(() -> scheme("midtrans", "secret", DOCS_KEY).verify(request(docsBody("\"200\"", DOCS_SIGNATURE)).build()));
    }

    @Test
    void acceptsSettlementNotification() {
        assertDoesNotThrow(() -> scheme.verify(request(SETTLEMENT).header("Content-Type", "application/json").build()));
    }

    @Test
    void acceptsSignatureInUpperCaseHex() {
        assertDoesNotThrow(() -> scheme.verify(request(SETTLEMENT.replace(SIGNATURE, SIGNATURE.toUpperCase())).build()));
    }

    @Test
    void acceptsANumberByItsText() {
        // the same text, 200, written as a JSON number: the same hash
        assertDoesNotThrow(() -> scheme("midtrans", "secret", DOCS_KEY).verify(request(docsBody("200", DOCS_SIGNATURE)).build()));
    }

    @Test
    void acceptsChangedFieldThatIsNotSigned() {
        // a documented limitation: Midtrans signs only order_id, status_code and gross_amount
        assertDoesNotThrow(() -> scheme.verify(request(SETTLEMENT.replace("\"settlement\"", "\"refund\"")).build()));
    }

    @Test
    void rejectsTamperedAmount() {
        VerificationFailed failure = invalid(scheme, request(SETTLEMENT.replace("\"20000.00\"", "\"2000000.00\"")));
        assertEquals("body field signature_key does not match", failure.getMessage());
    }

    @Test
    void rejectsTamperedOrderId() {
        invalid(scheme, request(SETTLEMENT.replace("order-101c-1578569229", "order-101c-1578569230")));
    }

    @Test
    void rejectsAmountNotAsMidtransWroteIt() {
        invalid(scheme, request(SETTLEMENT.replace("\"20000.00\"", "20000")));
        invalid(scheme, request(SETTLEMENT.replace("\"20000.00\"", "\"20000\"")));
        invalid(scheme, request(SETTLEMENT.replace("\"20000.00\"", "20000.0")));
    }

    @Test
    void rejectsWrongServerKey() {
        invalid(scheme("midtrans", "secret", "SB-Mid-server-kurirTestKey0123456780"), request(SETTLEMENT));
    }

    @Test
    void rejectsMissingSignatureKey() {
        VerificationFailed failure = invalid(scheme, request(SETTLEMENT.replace("\"signature_key\"", "\"signature\"")));
        assertEquals("body has no signature_key", failure.getMessage());
    }

    @Test
    void rejectsMissingSignedField() {
        assertEquals("body has no order_id", invalid(scheme, request(SETTLEMENT.replace("\"order_id\"", "\"order\""))).getMessage());
        assertEquals("body has no status_code", invalid(scheme, request(SETTLEMENT.replace("\"status_code\"", "\"code\""))).getMessage());
        assertEquals("body has no gross_amount", invalid(scheme, request(SETTLEMENT.replace("\"gross_amount\"", "\"amount\""))).getMessage());
    }

    @Test
    void rejectsSignedFieldNestedElsewhere() {
        // only top-level fields count
        invalid(scheme, request("{\"data\":{\"order_id\":\"1111\",\"status_code\":\"200\",\"gross_amount\":\"100000.00\",\"signature_key\":\""
                + DOCS_SIGNATURE + "\"}}"));
    }

    @Test
    void rejectsSignedFieldOfAnotherKind() {
        VerificationFailed failure = invalid(scheme, request(SETTLEMENT.replace("\"20000.00\"", "null")));
        assertEquals("body field gross_amount is not a string or a number", failure.getMessage());
        invalid(scheme, request(SETTLEMENT.replace("\"20000.00\"", "[\"20000.00\"]")));
    }

    @Test
    void rejectsSignedFieldSentTwice() {
        // which copy a consumer reads is not certain: neither is trusted
        String twice = SETTLEMENT.replace("\"gross_amount\":\"20000.00\"", "\"gross_amount\":\"20000.00\",\"gross_amount\":\"2000000.00\"");
        assertEquals("body has gross_amount twice", invalid(scheme, request(twice)).getMessage());
    }

    @Test
    void rejectsBodyThatIsNotJson() {
        VerificationFailed failure = invalid(scheme, request("order_id=order-101c-1578569229&status_code=200&gross_amount=20000.00"
                + "&signature_key=" + SIGNATURE));
        assertEquals("body is not JSON", failure.getMessage());
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertEquals("body is not a JSON object", invalid(scheme, request("[" + SETTLEMENT + "]")).getMessage());
        assertEquals("body is not a JSON object", invalid(scheme, request("")).getMessage());
    }

    @Test
    void rejectsTruncatedJson() {
        invalid(scheme, request(SETTLEMENT.substring(0, SETTLEMENT.length() - 1)));
    }

    @Test
    void rejectsContentAfterTheObject() {
        assertEquals("body has content after its JSON object", invalid(scheme, request(SETTLEMENT + "{}")).getMessage());
    }

    @Test
    void rejectsDeeplyNestedBody() {
        invalid(scheme, request("{\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "," + SETTLEMENT.substring(1)));
    }

    @Test
    void rejectsSignatureThatIsNotHex() {
        invalid(scheme, request(SETTLEMENT.replace(SIGNATURE, "not-hex")));
        invalid(scheme, request(SETTLEMENT.replace(SIGNATURE, SIGNATURE.substring(0, 64))));
    }
}
