package io.kurir.provider.basic;

import static io.kurir.provider.Fixtures.invalid;
import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.kurir.verify.SignatureScheme;
import io.kurir.verify.VerificationFailed;
import org.junit.jupiter.api.Test;

class BasicSchemeTest {

    private static final String PASSWORD = "pa55word";
    // printf '%s' 'kurir:pa55word' | base64
    private static final String DEFAULT_USER = "Basic a3VyaXI6cGE1NXdvcmQ=";
    // printf '%s' 'mtarget:pa55word' | base64
    private static final String MTARGET_USER = "Basic bXRhcmdldDpwYTU1d29yZA==";

    private final SignatureScheme scheme = scheme("basic", "secret", PASSWORD);

    @Test
    void acceptsCredentialsOfDefaultUser() {
        assertDoesNotThrow(() -> scheme.verify(request("[]").header("Authorization", DEFAULT_USER).build()));
    }

    @Test
    void acceptsConfiguredUsername() {
        SignatureScheme mtarget = scheme("basic", "secret", PASSWORD, "username", "mtarget");
        assertDoesNotThrow(() -> mtarget.verify(request("[]").header("Authorization", MTARGET_USER).build()));
    }

    @Test
    void acceptsLowerCaseSchemeName() {
        String lower = DEFAULT_USER.replace("Basic", "basic");
        assertDoesNotThrow(() -> scheme.verify(request("[]").header("Authorization", lower).build()));
    }

    @Test
    void rejectsWrongUsername() {
        invalid(scheme, request("[]").header("Authorization", MTARGET_USER));
    }

    @Test
    void rejectsWrongSecret() {
        VerificationFailed failure = invalid(scheme("basic", "secret", "other"), request("[]").header("Authorization", DEFAULT_USER));
        assertEquals("credentials do not match", failure.getMessage());
        assertFalse(failure.getMessage().contains("other"));
    }

    @Test
    void rejectsBearerToken() {
        invalid(scheme, request("[]").header("Authorization", "Bearer " + PASSWORD));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request("[]"));
        assertEquals("missing header Authorization", failure.getMessage());
    }
}
