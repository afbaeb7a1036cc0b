package io.kurir.provider.slack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Providers;
import io.kurir.provider.Request;
import org.junit.jupiter.api.Test;

class SlackProviderTest {

    private final Provider slack = Providers.find("slack").orElseThrow();

    /** A JSON request whose top-level fields are given. */
    private static Request json(String body, Map<String, String> fields) {
        return new Request() {
            @Override
            public byte[] body() {
                return body.getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public String field(String name) {
                return fields.get(name);
            }

            @Override
            public String formField(String name) {
                return null;
            }
        };
    }

    @Test
    void answersUrlVerificationWithItsChallengeAsJson() {
        Request verification = json("{}", Map.of("type", "url_verification", "challenge", "3eZbrw1aBm2rZgRNFdx\"V"));
        assertEquals(Optional.of("{\"challenge\":\"3eZbrw1aBm2rZgRNFdx\\\"V\"}"), slack.handshake(verification));
    }

    @Test
    void storesEveryOtherEvent() {
        assertTrue(slack.handshake(json("{}", Map.of("type", "event_callback"))).isEmpty());
    }

    @Test
    void answersTheUnsignedSslCheckOfASlashCommand() {
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        assertEquals(Optional.of("{\"status\":\"ok\"}"), slack.probe("ssl_check=1&token=abc".getBytes(StandardCharsets.UTF_8), form::get));
        assertTrue(slack.probe("command=%2Forder&ssl_check=0".getBytes(StandardCharsets.UTF_8), form::get).isEmpty());
        assertTrue(slack.probe("{\"ssl_check\":\"1\"}".getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json")::get)
                .isEmpty());
    }

    @Test
    void namesAnEventCallbackByItsInnerType() {
        String body = "{\"type\":\"event_callback\",\"event\":{\"type\":\"app_mention\"}}";
        assertEquals("app_mention", From.first(slack.eventType(), json(body, Map.of("type", "event_callback"))));
    }
}
