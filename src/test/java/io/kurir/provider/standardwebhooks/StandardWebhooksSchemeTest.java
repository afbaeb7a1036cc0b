package io.kurir.provider.standardwebhooks;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.rejection;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kurir.provider.Fixtures;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class StandardWebhooksSchemeTest {

    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1_700_000_000L;
    private static final String BODY = "{\"test\": 2432232314}";
    // python3 -c 'import hmac,hashlib,base64; print(base64.b64encode(hmac.new(
    //   base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
    //   b"msg_p5jXN8AQM9LWM0D4loKWxJek.1700000000.{\"test\": 2432232314}", hashlib.sha256).digest()).decode())'
    private static final String SIGNATURE = "hw6D+jquXiPwVQiZTwb2ek9FSrOofldv7tv4JVMsFUY=";
    // the same with key base64.b64decode("c2Vjb25kLXNlY3JldC1rZXk="), a second secret during rotation
    private static final String OTHER_SIGNATURE = "DEIFNwf0h/6pbT/5UQhTee45FLOuT1c/ISGxuh7gn2g=";

    private final SignatureScheme scheme = scheme("standard-webhooks", "secret", SECRET);

    private static Fixtures.Request signed(String body, String signatureHeader) {
        return request(body)
                .header("webhook-id", ID)
                .header("webhook-timestamp", Long.toString(TIMESTAMP))
                .header("webhook-signature", signatureHeader)
                .at(TIMESTAMP);
    }

    @Test
    void acceptsSignatureComputedBySender() {
        assertDoesNotThrow(() -> scheme.verify(signed(BODY, "v1," + SIGNATURE).build()));
    }

    @Test
    void acceptsSecretWithoutPrefix() {
        SignatureScheme bare = scheme("standard-webhooks", "secret", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertDoesNotThrow(() -> bare.verify(signed(BODY, "v1," + SIGNATURE).build()));
    }

    @Test
    void acceptsAnyV1SignatureDuringRotation() {
        assertDoesNotThrow(() -> scheme.verify(signed(BODY, "v1," + OTHER_SIGNATURE + " v1," + SIGNATURE).build()));
    }

    @Test
    void ignoresOtherSignatureVersions() {
        assertDoesNotThrow(() -> scheme.verify(signed(BODY, "v1a,c29tZXRoaW5n v1," + SIGNATURE).build()));
        invalid(scheme, signed(BODY, "v2," + SIGNATURE));
    }

    @Test
    void rejectsTamperedBody() {
        VerificationFailed failure = invalid(scheme, signed("{\"test\": 2432232315}", "v1," + SIGNATURE));
        assertEquals("signature does not match", failure.getMessage());
    }

    @Test
    void rejectsTamperedId() {
        invalid(scheme, signed(BODY, "v1," + SIGNATURE).header("webhook-id", "msg_other"));
    }

    @Test
    void rejectsWrongSecret() {
        SignatureScheme other = scheme("standard-webhooks", "secret", "whsec_c2Vjb25kLXNlY3JldC1rZXk=");
        invalid(other, signed(BODY, "v1," + SIGNATURE));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY)
                .header("webhook-id", ID).header("webhook-signature", "v1," + SIGNATURE).at(TIMESTAMP));
        assertEquals("missing header webhook-timestamp or svix-timestamp", failure.getMessage());
    }

    @Test
    void rejectsStaleTimestamp() {
        VerificationFailed failure = rejection(scheme, signed(BODY, "v1," + SIGNATURE).at(TIMESTAMP + 301),
                VerificationFailed.Reason.STALE_TIMESTAMP);
        assertEquals("timestamp 1700000000 is outside ±300 s", failure.getMessage());
    }

    @Test
    void rejectsFutureTimestamp() {
        rejection(scheme, signed(BODY, "v1," + SIGNATURE).at(TIMESTAMP - 301), VerificationFailed.Reason.STALE_TIMESTAMP);
    }

    @Test
    void acceptsTimestampAtEdgeOfTolerance() {
        assertDoesNotThrow(() -> scheme.verify(signed(BODY, "v1," + SIGNATURE).at(TIMESTAMP + 300).build()));
        assertDoesNotThrow(() -> scheme.verify(signed(BODY, "v1," + SIGNATURE).at(TIMESTAMP - 300).build()));
    }

    @Test
    void honoursConfiguredTolerance() {
        SignatureScheme lenient = scheme("standard-webhooks", "secret", SECRET, "tolerance", "600");
        assertDoesNotThrow(() -> lenient.verify(signed(BODY, "v1," + SIGNATURE).at(TIMESTAMP + 599).build()));
    }

    @Test
    void refusesSecretThatIsNotBase64() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> scheme("standard-webhooks", "secret", "whsec_not*base64!"));
        assertTrue(error.getMessage().contains("kurir.source.shop.secret"), error.getMessage());
        assertFalse(error.getMessage().contains("not*base64"), error.getMessage());
    }

    // Svix's header family, with the svix docs' example secret; the svix npm SDK (Webhook.sign) gives the same:
    // printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJek.1700000000.{"type":"invoice.paid","id":"invoice_WF7WtCLFFtd8ubcTgboSFNql","status":"paid","attempt":2}' \
    //   | openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf '%s' 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' | base64 -d | xxd -p -c 256) -binary | base64
    private static final String SVIX_BODY = "{\"type\":\"invoice.paid\",\"id\":\"invoice_WF7WtCLFFtd8ubcTgboSFNql\",\"status\":\"paid\",\"attempt\":2}";
    private static final String SVIX_SIGNATURE = "v1,fg1ix9LveN2O+x/fVZuoZ3wu1llPs0gUSEpflQhV3hg=";

    private static Fixtures.Request svix(String body, String signature) {
        return request(body).header("svix-id", ID).header("svix-timestamp", Long.toString(TIMESTAMP)).header("svix-signature", signature)
                .at(TIMESTAMP);
    }

    @Test
    void acceptsSvixHeaderFamily() {
        assertDoesNotThrow(() -> scheme.verify(svix(SVIX_BODY, SVIX_SIGNATURE).build()));
    }

    @Test
    void acceptsSvixRotationListWithOtherVersionsIgnored() {
        assertDoesNotThrow(() -> scheme.verify(svix(SVIX_BODY, "v1a,AAAA v1,AAAAbm90LXRoZS1yaWdodC1zaWduYXR1cmUtYXQtYWxsAAA= "
                + SVIX_SIGNATURE).build()));
    }

    @Test
    void rejectsSvixTamperedBody() {
        invalid(scheme, svix(SVIX_BODY.replace("\"attempt\":2", "\"attempt\":3"), SVIX_SIGNATURE));
    }

    @Test
    void rejectsSvixWrongSecret() {
        invalid(scheme("standard-webhooks", "secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSx"), svix(SVIX_BODY, SVIX_SIGNATURE));
    }

    @Test
    void rejectsSvixMissingSignature() {
        VerificationFailed failure = invalid(scheme, request(SVIX_BODY).header("svix-id", ID)
                .header("svix-timestamp", Long.toString(TIMESTAMP)).at(TIMESTAMP));
        assertEquals("missing header webhook-signature or svix-signature", failure.getMessage());
    }

    @Test
    void rejectsSvixStaleAndFutureTimestamps() {
        rejection(scheme, svix(SVIX_BODY, SVIX_SIGNATURE).at(TIMESTAMP + 301), VerificationFailed.Reason.STALE_TIMESTAMP);
        rejection(scheme, svix(SVIX_BODY, SVIX_SIGNATURE).at(TIMESTAMP - 301), VerificationFailed.Reason.STALE_TIMESTAMP);
    }
}
