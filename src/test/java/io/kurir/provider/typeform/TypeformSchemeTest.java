package io.kurir.provider.typeform;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class TypeformSchemeTest {

    private static final String SECRET = "kurir_typeform_secret";
    // the shape of Typeform's example payload
    private static final String BODY = "{\"event_id\":\"LtWXD3crgy\",\"event_type\":\"form_response\",\"form_response\":{\"form_id\":\"lT4Z3j\","
            + "\"token\":\"a3a12ec67a1365927098a606107fac15\",\"landed_at\":\"2018-01-18T18:07:02Z\",\"submitted_at\":\"2018-01-18T18:17:02Z\","
            + "\"definition\":{\"id\":\"lT4Z3j\",\"title\":\"Webhooks example\"},\"answers\":[{\"type\":\"text\",\"text\":\"Lorem ipsum\","
            + "\"field\":{\"id\":\"DlXFaesGBpoF\",\"type\":\"long_text\",\"ref\":\"readable_ref_long_text\"}}]}}";
    // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'kurir_typeform_secret' -binary | base64   (then the prefix sha256=)
    private static final String SIGNATURE = "sha256=CsKBn/lPdb1SauFUUm+wyyj50F7CyE3x9rev63xAJp4=";

    private final SignatureScheme scheme = scheme("typeform", "secret", SECRET);

    @Test
    void acceptsSignatureComputedAsTypeformDoes() {
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("Typeform-Signature", SIGNATURE).build()));
    }

    @Test
    void acceptsHeaderInAnyCase() {
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("typeform-signature", SIGNATURE).build()));
    }

    @Test
    void rejectsTamperedBody() {
        invalid(scheme, request(BODY.replace("Lorem ipsum", "Lorem ipsun")).header("Typeform-Signature", SIGNATURE));
    }

    @Test
    void rejectsWrongSecret() {
        invalid(scheme("typeform", "secret", "kurir_typeform_secreT"), request(BODY).header("Typeform-Signature", SIGNATURE));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY));
        assertEquals("missing header Typeform-Signature", failure.getMessage());
    }

    @Test
    void rejectsBareBase64WithoutPrefix() {
        invalid(scheme, request(BODY).header("Typeform-Signature", SIGNATURE.substring("sha256=".length())));
    }

    @Test
    void rejectsOtherAlgorithmPrefix() {
        invalid(scheme, request(BODY).header("Typeform-Signature", "sha1=" + SIGNATURE.substring("sha256=".length())));
    }

    @Test
    void rejectsHexDigest() {
        // printf '%s' "$BODY" | openssl dgst -sha256 -hmac 'kurir_typeform_secret'
        invalid(scheme, request(BODY).header("Typeform-Signature", "sha256=0ac2819ff94f75bd526ae154526fb0cb28f9d05ec2c84df1f6b7afeb7c40269e"));
    }
}
