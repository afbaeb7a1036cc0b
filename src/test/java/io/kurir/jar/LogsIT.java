package io.kurir.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The log as ops collect it with KURIR_LOG_FORMAT=json: a JSON object a line, with the fields of the
 * event or delivery being handled, and at WARN what someone should look at.
 */
class LogsIT {

    private static RunningJar jar;

    @BeforeAll
    static void start() throws Exception {
        // shop-backend refuses every connection, and one failed attempt makes a delivery dead
        jar = RunningJar.start(RunningJar.newWorkingDirectory(), Map.of(
                "KURIR_LOG_FORMAT", "json",
                "KURIR_HTTP_ALLOW_PRIVATE", "true",
                "KURIR_DESTINATION_SHOP_BACKEND_URL", "http://127.0.0.1:9/shipping",
                "KURIR_RETRY_MAX_ATTEMPTS", "1"));
    }

    @AfterAll
    static void stop() throws Exception {
        jar.close();
    }

    @Test
    void writesEachLineAsJsonWithTheEventIdAndSourceOfTheEventBeingRouted() throws Exception {
        // a parcel in transit is only logged by routes/sendcloud.camel.yaml
        String id = Gateway.json(jar.postParcel("json-1", "In transit").body()).get("id").asText();

        JsonNode line = awaitLine(json -> json.path("event_id").asText().equals(id));

        assertEquals("sendcloud", line.path("source").asText());
        assertTrue(line.path("message").asText().contains("is now 'In transit'"), line.toString());
        assertTrue(line.path("@timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), line.toString());
    }

    @Test
    void logsADeadDeliveryAtWarnWithItsDestination() throws Exception {
        String id = Gateway.json(jar.postParcel("dead-1", "Delivered").body()).get("id").asText();

        JsonNode line = awaitLine(json -> json.path("event_id").asText().equals(id) && json.path("message").asText().contains("is dead"));

        assertEquals("WARN", line.path("level").asText());
        assertEquals("shop-backend", line.path("destination").asText());
        assertTrue(line.path("delivery_id").asText().startsWith("dlv_"), line.toString());
    }

    @Test
    void logsARefusedWebhookAtWarnWithTheClientsAddressAndTheReason() throws Exception {
        jar.post("/hooks/sendcloud", "application/json", "{}".getBytes(), "Sendcloud-Signature", "0".repeat(64));

        JsonNode line = awaitLine(json -> json.path("message").asText().startsWith("Refused a webhook for source 'sendcloud'"));

        assertEquals("WARN", line.path("level").asText());
        assertEquals("127.0.0.1", line.path("client").asText());
        assertTrue(line.path("message").asText().contains("401 invalid_signature"), line.toString());
    }

    /** The first line matching, once logged; every line of the log must be a JSON object. */
    private static JsonNode awaitLine(Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            List<JsonNode> lines = new ArrayList<>();
            for (String line : jar.logLines()) {
                JsonNode json = Gateway.json(line);
                assertTrue(json.isObject(), line);
                lines.add(json);
            }
            for (JsonNode json : lines) {
                if (wanted.test(json)) {
                    return json;
                }
            }
            assertTrue(System.nanoTime() < deadline, "no such line in 20 s");
            Thread.sleep(100);
        }
    }
}
