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
import io.kurir.provider.Requests;
import org.junit.jupiter.api.Test;

class SlackProviderTest {

    private final Provider slack = Providers.find("slack").orElseThrow();

    @Test
    void answersUrlVerificationWithItsChallengeAsJson() {
        Request verification = Requests.json("{\"type\":\"url_verification\",\"challenge\":\"3eZbrw1aBm2rZgRNFdx\\\"V\"}");
        assertEquals(Optional.of("{\"challenge\":\"3eZbrw1aBm2rZgRNFdx\\\"V\"}"), slack.handshake(verification));
    }

    @Test
    void storesEveryOtherEvent() {
        assertTrue(slack.handshake(Requests.json("{\"type\":\"event_callback\"}")).isEmpty());
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
        assertEquals("app_mention", From.first(slack.eventType(), Requests.json(body)));
    }
}
