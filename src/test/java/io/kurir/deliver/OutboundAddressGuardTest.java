package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Downstream;
import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.Test;

/** A routed payload cannot point Kurir at internal services unless kurir.http.allow-private=true. */
class OutboundAddressGuardTest {

    @Test
    void countsLoopbackPrivateLinkLocalAndUniqueLocalAddressesAsInternal() throws Exception {
        for (String internal : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1"}) {
            assertTrue(OutboundAddressGuard.isInternal(InetAddress.getByName(internal)), internal);
        }
        for (String external : new String[] {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "100.128.0.1"}) {
            assertFalse(OutboundAddressGuard.isInternal(InetAddress.getByName(external)), external);
        }
    }

    @Test
    void refusesToDeliverToALoopbackDestinationByDefault() throws Exception {
        try (Downstream internal = new Downstream();
             Gateway gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                     "kurir.http.allow-private", "false",
                     "kurir.destination.shop-backend.url", internal.url("/admin/danger"),
                     "kurir.retry.max-attempts", "1"))) {
            byte[] body = "{\"event\":\"order.waybill_id\",\"order_id\":\"ssrf-1\",\"status\":\"allocated\"}".getBytes();
            String id = Gateway.json(gateway.post("/hooks/biteship", "application/json", body,
                    "X-Biteship-Signature", Signing.BITESHIP_SECRET).body()).get("id").asText();

            JsonNode delivery = gateway.awaitEvent(id, e -> e.get("deliveries").size() == 1
                    && e.get("deliveries").get(0).get("status").asText().equals("dead"), Duration.ofSeconds(10)).get("deliveries").get(0);
            assertTrue(delivery.get("lastError").asText().contains("internal address 127.0.0.1"), delivery.toString());
            assertEquals(0, internal.all().size());
        }
    }
}
