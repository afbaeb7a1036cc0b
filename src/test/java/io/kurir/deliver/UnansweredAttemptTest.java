package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Gateway;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An attempt whose route never finishes fails after half the lease instead of holding its worker for good. */
class UnansweredAttemptTest {

    private static Gateway gateway;

    @BeforeAll
    static void start() {
        // the WhatsApp API on a closed port (the Gateway's default): camel-whatsapp never calls back then
        gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                "kurir.deliver.lease", "2000",
                "kurir.deliver.poll-interval", "50",
                "kurir.retry.max-attempts", "2",
                "kurir.retry.initial-delay", "100",
                "kurir.retry.max-delay", "100",
                // the unanswered exchanges stay in flight: Camel waits this long for them when it stops
                "camel.main.shutdown-timeout", "2"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aWhatsAppApiThatCannotBeReachedFailsEachAttemptAfterHalfTheLease() {
        var response = gateway.post("/hooks/leads?campaign_name=Expo&token=dev-leads-token", "application/x-www-form-urlencoded",
                "name=Budi&phone=0812-3456-7890".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        String id = Gateway.json(response.body()).get("id").asText();

        JsonNode event = gateway.awaitEvent(id, e -> {
            JsonNode whatsapp = Gateway.delivery(e, "lead-whatsapp");
            return whatsapp != null && whatsapp.get("status").asText().equals("dead");
        }, Duration.ofSeconds(15));
        JsonNode attempts = Gateway.delivery(event, "lead-whatsapp").get("attemptLog");
        assertEquals(2, attempts.size());
        for (JsonNode attempt : attempts) {
            assertTrue(attempt.get("error").asText().contains("did not finish the attempt within 1000 ms"), attempt.toString());
        }
    }
}
