package io.kurir.provider.biteship;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class BiteshipSchemeTest {

    private static final String SECRET = "biteship-s3cret";
    private static final String BODY = "{\"event\":\"order.status\",\"order_id\":\"5dd599ebdefcd4158eb8470b\",\"status\":\"picked\"}";

    private final SignatureScheme scheme = scheme("biteship", "secret", SECRET);

    @Test
    void acceptsSecretInDefaultHeader() {
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("X-Biteship-Signature", SECRET).build()));
    }

    @Test
    void acceptsSecretInHeaderChosenByUser() {
        SignatureScheme custom = scheme("biteship", "secret", SECRET, "header", "X-Shop-Key");
        assertDoesNotThrow(() -> custom.verify(request(BODY).header("x-shop-key", SECRET).build()));
    }

    @Test
    void rejectsWrongSecret() {
        VerificationFailed failure = invalid(scheme, request(BODY).header("X-Biteship-Signature", "biteship-guess"));
        assertFalse(failure.getMessage().contains(SECRET));
    }

    @Test
    void rejectsSecretWithExtraCharacters() {
        invalid(scheme, request(BODY).header("X-Biteship-Signature", SECRET + "x"));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY));
        assertEquals("missing header X-Biteship-Signature", failure.getMessage());
    }

    @Test
    void rejectsSecretInDefaultHeaderWhenUserChoseAnother() {
        SignatureScheme custom = scheme("biteship", "secret", SECRET, "header", "X-Shop-Key");
        VerificationFailed failure = invalid(custom, request(BODY).header("X-Biteship-Signature", SECRET));
        assertEquals("missing header X-Shop-Key", failure.getMessage());
    }
}
