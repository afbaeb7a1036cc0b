package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Downstream;
import io.kurir.support.Gateway;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.Test;

/** A destination that keeps failing is left alone for a while and does not hold up the others. */
class DestinationIsolationTest {

    private static String post(Gateway gateway, String body) {
        return gateway.postBiteship("/hooks/biteship", body);
    }

    @Test
    void stopsAttemptingAFailingDestinationWhileTheOthersDeliver() throws Exception {
        try (Downstream deadCrm = new Downstream().otherwise(Downstream.Answer.status(500, "down"));
             Gateway gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                     "kurir.destination.shop-backend.url", deadCrm.url("/hooks"),
                     "kurir.deliver.breaker.failures", "3",
                     "kurir.deliver.breaker.open", "60000",
                     "kurir.retry.initial-delay", "50",
                     "kurir.retry.max-delay", "100",
                     "kurir.deliver.poll-interval", "50"))) {
            List<String> failing = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                failing.add(post(gateway, "{\"event\":\"order.waybill_id\",\"order_id\":\"iso-" + i + "\",\"status\":\"allocated\"}"));
            }
            String healthy = post(gateway, "{\"event\":\"order.status\",\"order_id\":\"iso-ok\",\"status\":\"picked\"}");

            gateway.awaitEvent(healthy, e -> e.get("deliveries").size() == 1
                    && e.get("deliveries").get(0).get("status").asText().equals("delivered"), Duration.ofSeconds(10));
            Thread.sleep(1_500);
            int tried = deadCrm.all().size();
            // three failures open the breaker; at most one poll's worth (concurrency 4) was already on its way
            assertTrue(tried >= 3 && tried <= 3 + 4, "attempts against the dead destination: " + tried);
            for (String id : failing) {
                JsonNode d = gateway.api("/api/events/" + id).get("deliveries").get(0);
                assertTrue(d.get("status").asText().matches("pending|retrying"), d.toString());
            }
        }
    }
}
