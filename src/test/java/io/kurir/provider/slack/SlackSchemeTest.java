package io.kurir.provider.slack;

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

class SlackSchemeTest {

    // Slack's documented example, re-computed with
    // printf '%s' "v0:1531420618:$BODY" | openssl dgst -sha256 -hmac '8f742231b10e8888abcd99yyyzzz85a5'
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final long TIMESTAMP = 1_531_420_618L;
    private static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands"
            + "%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private final SignatureScheme scheme = scheme("slack", "secret", SECRET);

    private static Fixtures.Request signed(String body) {
        return request(body)
                .header("X-Slack-Signature", SIGNATURE)
                .header("X-Slack-Request-Timestamp", Long.toString(TIMESTAMP))
                .at(TIMESTAMP);
    }

    @Test
    void acceptsSignatureComputedBySlack() {
        assertDoesNotThrow(() -> scheme.verify(signed(BODY).build()));
    }

    @Test
    void rejectsTamperedBody() {
        invalid(scheme, signed(BODY.replace("foobar", "general")));
    }

    @Test
    void rejectsTamperedTimestamp() {
        invalid(scheme, signed(BODY).header("X-Slack-Request-Timestamp", Long.toString(TIMESTAMP + 1)));
    }

    @Test
    void rejectsWrongSecret() {
        invalid(scheme("slack", "secret", "another-signing-secret"), signed(BODY));
    }

    @Test
    void rejectsMissingHeader() {
        VerificationFailed failure = invalid(scheme, request(BODY).header("X-Slack-Signature", SIGNATURE).at(TIMESTAMP));
        assertEquals("missing header X-Slack-Request-Timestamp", failure.getMessage());
    }

    @Test
    void rejectsOtherSignatureVersion() {
        invalid(scheme, signed(BODY).header("X-Slack-Signature", SIGNATURE.replace("v0=", "v1=")));
    }

    @Test
    void rejectsStaleTimestamp() {
        VerificationFailed failure = rejection(scheme, signed(BODY).at(TIMESTAMP + 301), VerificationFailed.Reason.STALE_TIMESTAMP);
        assertEquals("timestamp 1531420618 is outside ±300 s", failure.getMessage());
    }

    @Test
    void rejectsFutureTimestamp() {
        rejection(scheme, signed(BODY).at(TIMESTAMP - 301), VerificationFailed.Reason.STALE_TIMESTAMP);
    }
}
