package io.kurir.provider.xendit;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

/** No cryptography: the header carries the token itself. */
class XenditSchemeTest {

    private static final String TOKEN = "xnd_kurir_callback_token_0123456789";
    private static final String BODY = "{\"id\":\"593f4ed1c3d3bb7f39733d83\",\"external_id\":\"testing-invoice\",\"status\":\"PAID\","
            + "\"merchant_name\":\"Xendit\",\"amount\":2000000,\"paid_amount\":2000000,\"currency\":\"IDR\"}";

    private final SignatureScheme scheme = scheme("xendit", "secret", TOKEN);

    @Test
    void acceptsTheTokenXenditSends() {
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("x-callback-token", TOKEN).build()));
    }

    @Test
    void acceptsTheHeaderInUpperCase() {
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("X-CALLBACK-TOKEN", TOKEN).build()));
    }

    @Test
    void rejectsWrongToken() {
        VerificationFailed failure = invalid(scheme, request(BODY).header("x-callback-token", "xnd_kurir_callback_token_0123456780"));
        assertEquals("header x-callback-token does not match the secret", failure.getMessage());
        assertFalse(failure.getMessage().contains(TOKEN));
    }

    @Test
    void rejectsTokenWithExtraCharacters() {
        invalid(scheme, request(BODY).header("x-callback-token", TOKEN + " "));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY));
        assertEquals("missing header x-callback-token", failure.getMessage());
    }

    @Test
    void acceptsTamperedBodyWithTheRightToken() {
        // a documented limitation: the token does not bind the body
        assertDoesNotThrow(() -> scheme.verify(request(BODY.replace("PAID", "EXPIRED")).header("x-callback-token", TOKEN).build()));
    }
}
