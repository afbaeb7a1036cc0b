package io.kurir.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Gateway;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The fleet as the admin API shows it: instances sharing the store, and figures that add up all of them. */
@ParameterizedClass
@EnumSource(TestStore.class)
class InstancesApiTest {

    @Parameter
    TestStore store;

    private String dbUrl;

    @BeforeEach
    void freshStore() {
        dbUrl = store.freshUrl();
    }

    @AfterEach
    void dropStore() {
        store.drop(dbUrl);
    }

    private Gateway start(String id) {
        return Gateway.start(store, dbUrl, Map.of("kurir.instance.id", id));
    }

    private static JsonNode instance(Gateway gateway, String id) {
        return StreamSupport.stream(gateway.api("/api/instances").get("instances").spliterator(), false)
                .filter(i -> i.get("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no instance " + id));
    }

    private static JsonNode source(Gateway gateway, String name) {
        return StreamSupport.stream(gateway.api("/api/sources").get("sources").spliterator(), false)
                .filter(s -> s.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void listsThisInstanceAsUpWithItsHostVersionAndBeat() {
        try (Gateway gateway = start("node-a")) {
            JsonNode self = instance(gateway, "node-a");
            assertTrue(self.get("self").asBoolean());
            assertTrue(self.get("up").asBoolean());
            assertFalse(self.get("host").asText().isEmpty());
            assertFalse(self.get("version").asText().isEmpty());
            assertTrue(self.get("uptimeSeconds").asLong() >= 0);
            assertFalse(self.get("lastBeat").isNull());
            assertEquals(0, self.get("leasedDeliveries").asLong());
        }
    }

    @Test
    void listsAnInstanceThatStoppedAsDownBesideTheOneServing() {
        start("node-a").close();
        try (Gateway gateway = start("node-b")) {
            JsonNode stopped = instance(gateway, "node-a");
            assertFalse(stopped.get("up").asBoolean());
            assertFalse(stopped.get("self").asBoolean());
            assertNull(stopped.get("uptimeSeconds").textValue());
            assertTrue(instance(gateway, "node-b").get("up").asBoolean());
        }
    }

    @Test
    void recordsTheInstanceThatStoredAndRoutedAnEvent() {
        try (Gateway gateway = start("node-a")) {
            String id = gateway.postBiteship("/hooks/biteship",
                    "{\"event\":\"order.waybill_id\",\"order_id\":\"who-1\",\"status\":\"allocated\"}");
            JsonNode event = gateway.awaitEvent(id, e -> e.get("status").asText().equals("routed"), java.time.Duration.ofSeconds(10));
            assertEquals("node-a", event.get("storedBy").asText());
            assertEquals("node-a", event.get("routedBy").asText());
        }
    }

    @Test
    void countsEventsAndRefusalsOfEveryInstanceAcrossRestarts() {
        try (Gateway first = start("node-a")) {
            first.postBiteship("/hooks/biteship", "{\"event\":\"order.waybill_id\",\"order_id\":\"count-1\",\"status\":\"allocated\"}");
            first.post("/hooks/biteship", "application/json", "{\"event\":\"x\"}".getBytes(), "X-Biteship-Signature", "wrong");
        }
        try (Gateway second = start("node-b")) {
            second.post("/hooks/biteship", "application/json", "{\"event\":\"y\"}".getBytes(), "X-Biteship-Signature", "wrong");
            JsonNode biteship = source(second, "biteship");
            assertEquals(1, biteship.get("eventsToday").asLong());
            assertEquals(2, biteship.get("rejected").asLong());
            assertTrue(biteship.get("lastError").asText().startsWith("invalid_signature"));
        }
    }
}
