package io.kurir.provider.token;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class TokenSchemeTest {

    private static final String TOKEN = "form-t0ken";
    private static final String BODY = "name=Budi&phone=0812";

    @Test
    void acceptsTokenInDefaultHeader() {
        SignatureScheme scheme = scheme("token", "secret", TOKEN);
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("X-Kurir-Token", TOKEN).build()));
    }

    @Test
    void acceptsTokenInQueryParameter() {
        SignatureScheme scheme = scheme("token", "secret", TOKEN, "query", "token");
        assertDoesNotThrow(() -> scheme.verify(request(BODY).query("token", TOKEN).query("campaign_name", "Expo").build()));
    }

    @Test
    void acceptsBearerTokenInAuthorizationHeader() {
        SignatureScheme scheme = scheme("token", "secret", TOKEN, "header", "Authorization");
        assertDoesNotThrow(() -> scheme.verify(request(BODY).header("Authorization", "Bearer " + TOKEN).build()));
    }

    @Test
    void rejectsWrongToken() {
        SignatureScheme scheme = scheme("token", "secret", TOKEN);
        VerificationFailed failure = invalid(scheme, request(BODY).header("X-Kurir-Token", "guess"));
        assertEquals("header X-Kurir-Token does not match the token", failure.getMessage());
    }

    @Test
    void rejectsTokenInHeaderWhenQueryIsConfigured() {
        SignatureScheme scheme = scheme("token", "secret", TOKEN, "query", "token");
        VerificationFailed failure = invalid(scheme, request(BODY).header("X-Kurir-Token", TOKEN));
        assertEquals("missing query parameter token", failure.getMessage());
    }

    @Test
    void rejectsMissingHeader() {
        SignatureScheme scheme = scheme("token", "secret", TOKEN);
        VerificationFailed failure = invalid(scheme, request(BODY));
        assertEquals("missing header X-Kurir-Token", failure.getMessage());
    }

    @Test
    void rejectsOtherAuthorizationScheme() {
        SignatureScheme scheme = scheme("token", "secret", TOKEN, "header", "Authorization");
        invalid(scheme, request(BODY).header("Authorization", "Basic " + TOKEN));
    }
}
