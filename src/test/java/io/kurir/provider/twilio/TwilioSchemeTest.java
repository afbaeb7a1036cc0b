package io.kurir.provider.twilio;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.provider.Fixtures;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class TwilioSchemeTest {

    private static final String TOKEN = "kurir_twilio_auth_token_0123456789";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String URL = "https://example.com/hooks/sms?campaign=x";
    // a message status callback, its fields in the order sent rather than signed
    private static final String BODY = "MessageSid=SM1f0e8ae6ade43cb3c0ce4525424e404f&AccountSid=AC123&From=%2B14155550100"
            + "&To=%2B14155550111&MessageStatus=delivered&SmsStatus=delivered&ApiVersion=2010-04-01";
    // the URL then the fields sorted by name, decoded:
    // S='https://example.com/hooks/sms?campaign=xAccountSidAC123ApiVersion2010-04-01From+14155550100MessageSidSM1f0e8ae6ade43cb3c0ce4525424e404fMessageStatusdeliveredSmsStatusdeliveredTo+14155550111'
    // printf '%s' "$S" | openssl dgst -sha1 -hmac 'kurir_twilio_auth_token_0123456789' -binary | base64   (twilio-node 6.3.1 agrees)
    private static final String SIGNATURE = "z+Oint24WnYyFbhIyfbSZZVVQSE=";
    // the same with https://example.com:443/hooks/sms?campaign=x in $S (twilio-node 6.3.1 accepts it for the URL without port)
    private static final String SIGNATURE_WITH_PORT = "C8a6n1kAWmM8OoVmDLfGWvtAzpM=";

    private final SignatureScheme scheme = scheme("twilio", "secret", TOKEN);

    private static Fixtures.Request form(String body, String url, String signature) {
        return request(body).url(url).header("Content-Type", FORM).header("X-Twilio-Signature", signature);
    }

    @Test
    void acceptsTwiliosDocumentationExample() {
        // https://www.twilio.com/docs/usage/webhooks/webhooks-security: auth token 12345, expected 0/KCTR6DLpKmkAf8muzZqo1nDgQ=
        SignatureScheme docs = scheme("twilio", "secret", "12345");
        String body = "CallSid=CA1234567890ABCDE&Caller=%2B12349013030&Digits=1234&From=%2B12349013030&To=%2B18005551212";
        assertDoesNotThrow(() -> docs.verify(form(body, "https://mycompany.com/myapp.php?foo=1&bar=2", "0/KCTR6DLpKmkAf8muzZqo1nDgQ=").build()));
    }

    @Test
    void acceptsSignatureOverUrlAndSortedDecodedFields() {
        assertDoesNotThrow(() -> scheme.verify(form(BODY, URL, SIGNATURE).build()));
    }

    @Test
    void acceptsFormContentTypeWithCharset() {
        assertDoesNotThrow(() -> scheme.verify(form(BODY, URL, SIGNATURE).header("Content-Type", FORM + "; charset=utf-8").build()));
    }

    @Test
    void acceptsRepeatedFieldOncePerDistinctValueSorted() {
        // printf '%s' 'https://example.com/hooks/sms?campaign=xBodyhi thereTagaTagbTo+1555' | openssl dgst -sha1 -hmac "$TOKEN" -binary | base64
        // (twilio-node 6.3.1 agrees)
        String body = "To=%2B1555&Tag=b&Tag=a&Body=hi+there";
        assertDoesNotThrow(() -> scheme.verify(form(body, URL, "GJ30no9b+VHQt5DAGF44qPSyqSE=").build()));
        assertDoesNotThrow(() -> scheme.verify(form(body + "&Tag=a", URL, "GJ30no9b+VHQt5DAGF44qPSyqSE=").build()));
    }

    @Test
    void acceptsSignatureWithDefaultPortForUrlWithoutPort() {
        assertDoesNotThrow(() -> scheme.verify(form(BODY, URL, SIGNATURE_WITH_PORT).build()));
    }

    @Test
    void acceptsSignatureWithoutPortForUrlWithDefaultPort() {
        assertDoesNotThrow(() -> scheme.verify(form(BODY, "https://example.com:443/hooks/sms?campaign=x", SIGNATURE).build()));
        assertDoesNotThrow(() -> scheme.verify(form(BODY, "https://example.com:443/hooks/sms?campaign=x", SIGNATURE_WITH_PORT).build()));
    }

    @Test
    void acceptsSignatureWithoutPortForUrlWithOtherPortAsTheSdksDo() {
        // twilio-node's and twilio-python's removePort drop any port
        assertDoesNotThrow(() -> scheme.verify(form(BODY, "https://example.com:8443/hooks/sms?campaign=x", SIGNATURE).build()));
    }

    @Test
    void acceptsSignatureOverUrlWithOtherPort() {
        // S with https://example.com:8443/hooks/sms?campaign=x; printf '%s' "$S" | openssl dgst -sha1 -hmac "$TOKEN" -binary | base64
        assertDoesNotThrow(() -> scheme.verify(form(BODY, "https://example.com:8443/hooks/sms?campaign=x", "vOBUQUHY1sSPZpjHbhIBJiX/oBw=").build()));
    }

    @Test
    void rejectsSignatureWithOtherPortForUrlWithoutPort() {
        invalid(scheme, form(BODY, URL, "vOBUQUHY1sSPZpjHbhIBJiX/oBw="));
    }

    @Test
    void rejectsUrlWithOtherScheme() {
        VerificationFailed failure = invalid(scheme, form(BODY, "http://example.com/hooks/sms?campaign=x", SIGNATURE));
        assertEquals("signature does not match the URL http://example.com/hooks/sms?campaign=x", failure.getMessage());
    }

    @Test
    void rejectsUrlWithOtherPath() {
        invalid(scheme, form(BODY, "https://example.com/hooks/sms/?campaign=x", SIGNATURE));
    }

    @Test
    void rejectsUrlWithOtherQuery() {
        invalid(scheme, form(BODY, "https://example.com/hooks/sms?campaign=y", SIGNATURE));
    }

    @Test
    void rejectsUrlOfGatewayItself() {
        invalid(scheme, form(BODY, "http://127.0.0.1:8080/hooks/sms?campaign=x", SIGNATURE));
    }

    @Test
    void rejectsTamperedField() {
        invalid(scheme, form(BODY.replace("MessageStatus=delivered", "MessageStatus=failed"), URL, SIGNATURE));
    }

    @Test
    void rejectsAddedField() {
        invalid(scheme, form(BODY + "&ErrorCode=30003", URL, SIGNATURE));
    }

    @Test
    void rejectsWrongToken() {
        invalid(scheme("twilio", "secret", "kurir_twilio_auth_token_0123456780"), form(BODY, URL, SIGNATURE));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY).url(URL).header("Content-Type", FORM));
        assertEquals("missing header X-Twilio-Signature", failure.getMessage());
    }

    @Test
    void rejectsMalformedForm() {
        VerificationFailed failure = invalid(scheme, form(BODY + "&Body=100%zz", URL, SIGNATURE));
        assertEquals("the form body is not well-formed", failure.getMessage());
    }

    // a JSON body signed through its URL
    private static final String JSON = "{\"MessageSid\":\"SM1f0e8ae6ade43cb3c0ce4525424e404f\",\"MessageStatus\":\"delivered\"}";
    // printf '%s' "$JSON" | openssl dgst -sha256 -r
    private static final String JSON_URL = URL + "&bodySHA256=e913e59ee9137b8a5859ba37ddb5de4b0ac9db97dbd2b33c8cd503060187a3bf";
    // printf '%s' "$JSON_URL" | openssl dgst -sha1 -hmac "$TOKEN" -binary | base64   (twilio-node validateRequestWithBody agrees)
    private static final String JSON_SIGNATURE = "OVWVO48XykKlETUToqw2c7nvIy0=";

    private static Fixtures.Request json(String body, String url) {
        return request(body).url(url).header("Content-Type", "application/json").header("X-Twilio-Signature", JSON_SIGNATURE);
    }

    @Test
    void acceptsJsonBodyMatchingTheSignedBodySha256() {
        assertDoesNotThrow(() -> scheme.verify(json(JSON, JSON_URL).build()));
    }

    @Test
    void rejectsJsonBodyThatDoesNotMatchItsBodySha256() {
        VerificationFailed failure = invalid(scheme, json(JSON.replace("delivered", "failed"), JSON_URL));
        assertEquals("body does not match the URL's bodySHA256", failure.getMessage());
    }

    @Test
    void rejectsJsonBodyWithoutBodySha256() {
        VerificationFailed failure = invalid(scheme, json(JSON, URL));
        assertEquals("a body that is not a form must be signed through the URL's bodySHA256 parameter", failure.getMessage());
    }

    @Test
    void rejectsBodySha256OfAnotherBody() {
        // the URL's hash is signed: changing it to the tampered body's breaks the signature
        String tampered = JSON.replace("delivered", "failed");
        invalid(scheme, json(tampered, URL + "&bodySHA256=" + "0".repeat(64)));
    }

    @Test
    void refusesSharedKeySignatureItDoesNotCheck() {
        // twilio-node 6.3.1: HMAC_SHA256 of the same string, keyed with a SharedKey
        VerificationFailed failure = invalid(scheme, form(BODY, URL, "JJNikBs5c1jK6q9kUKQIXFNtvDYPEON20OratcALmkI=")
                .header("X-Twilio-Webhooks-Signature-Settings", "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256"));
        assertEquals("header X-Twilio-Webhooks-Signature-Settings names an algorithm other than HMAC_SHA1, which Kurir does not check: "
                + "sign with the auth token", failure.getMessage());
    }

    @Test
    void acceptsSettingsHeaderNamingHmacSha1() {
        assertDoesNotThrow(() -> scheme.verify(form(BODY, URL, SIGNATURE)
                .header("X-Twilio-Webhooks-Signature-Settings", "algorithm=HMAC_SHA1").build()));
    }
}
