package io.kurir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Downstream;
import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java DSL routes (`routes/*.java`, compiled as the gateway starts) beside the YAML ones: the shipped
 * ShopReturns.java delivers for real, a Java route can start from a `kurir:source:` as a YAML one does,
 * and a route file that does not compile stops the start in one line naming the file and the line.
 */
class JavaRoutesTest {

    private static final String RETURN_CREATED = """
            {"action":"return_created","timestamp":1764800000,"data":{"id":4711,"brand_id":1,"order_number":"ORD-%s",\
            "return_reason_id":2,"paid_return":false,"delivery_choice":"drop_off_point","refund_type":"%s",\
            "items":[{"quantity":2,"item_id":"i-1","description":"Kaos","sku":"TS-M"},\
            {"quantity":1,"item_id":"i-2","description":"Kaos","sku":"TS-M"},\
            {"quantity":1,"item_id":"i-3","description":"Topi","sku":"CAP"}]}}""";

    @Test
    void theShippedJavaRouteTurnsASendcloudReturnIntoASignedRefundRequest() throws Exception {
        try (Downstream shop = new Downstream();
             Gateway gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                     "kurir.destination.shop-returns.url", shop.url("/webhooks/returns"),
                     "kurir.deliver.poll-interval", "50"))) {
            String id = postSendcloud(gateway, RETURN_CREATED.formatted("77", "money"));

            Downstream.Received sent = shop.next(r -> r.text().contains(id));
            assertEquals("/webhooks/returns", sent.path());
            JsonNode request = Gateway.json(sent.text());
            assertEquals("ORD-77", request.get("order_number").asText());
            assertEquals("4711", request.get("return_id").asText());
            assertTrue(request.get("refund").asBoolean());
            assertEquals(3, request.get("restock").get("TS-M").asInt());
            assertEquals(1, request.get("restock").get("CAP").asInt());
            assertEquals(id, request.get("kurir_event_id").asText());
            // RouteDefaults signs the Java route's http: step as it signs the YAML ones'
            assertEquals(id, sent.header("webhook-id"));
            assertTrue(sent.header("webhook-signature").startsWith("v1,"), sent.header("webhook-signature"));

            JsonNode event = gateway.awaitEvent(id, e -> "delivered".equals(status(e, "shop-returns")), Duration.ofSeconds(15));
            assertEquals(1, Gateway.delivery(event, "shop-returns").get("attempts").asInt());

            String exchange = postSendcloud(gateway, RETURN_CREATED.formatted("78", "exchange"));
            assertFalse(Gateway.json(shop.next(r -> r.text().contains(exchange)).text()).get("refund").asBoolean());
        }
    }

    @Test
    void aJavaRouteStartsFromASourceAndSendsToADestinationAsAYamlOneDoes(@TempDir Path routes) throws Exception {
        Files.writeString(routes.resolve("Parcels.java"), """
                import org.apache.camel.builder.RouteBuilder;

                public class Parcels extends RouteBuilder {
                    @Override
                    public void configure() {
                        from("kurir:source:sendcloud").routeId("parcels-in-java")
                            .filter(header("kurirEventType").isEqualTo("parcel_status_changed"))
                            .to("kurir:destination:parcels");

                        from("kurir:destination:parcels").routeId("parcels")
                            .setHeader("X-Route").constant("java")
                            .to("{{kurir.vars.parcels-url}}");
                    }
                }
                """);
        try (Downstream receiver = new Downstream();
             Gateway gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                     "camel.main.routes-include-pattern", "file:" + routes + "/*.java",
                     "kurir.vars.parcels-url", receiver.url("/parcels"),
                     "kurir.deliver.poll-interval", "50"))) {
            String id = postSendcloud(gateway, "{\"action\":\"parcel_status_changed\",\"parcel\":{\"id\":9,\"status\":{\"message\":\"Delivered\"}}}");

            Downstream.Received sent = receiver.next();
            assertEquals("/parcels", sent.path());
            assertEquals("java", sent.header("X-Route"));
            gateway.awaitEvent(id, e -> "delivered".equals(status(e, "parcels")), Duration.ofSeconds(15));
        }
    }

    @Test
    void aRouteFileThatDoesNotCompileStopsTheStartInOneLineNamingTheFileAndLine(@TempDir Path routes) throws Exception {
        Path broken = routes.resolve("Broken.java");
        Files.writeString(broken, """
                import org.apache.camel.builder.RouteBuilder;

                public class Broken extends RouteBuilder {
                    @Override
                    public void configure() {
                        from("kurir:destination:broken")
                            .to("log:broken")
                    }
                }
                """);

        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                "camel.main.routes-include-pattern", "file:" + routes + "/*.java")));
        StartupFailure failure = StartupFailure.of(failed, Map.of("Broken.java", broken.toString()));

        assertEquals(ConfigurationError.EXIT_CODE, failure.exitCode());
        assertEquals("Configuration error: " + broken + " line 7 does not compile: ';' expected", failure.message());
    }

    private static String postSendcloud(Gateway gateway, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        var response = gateway.post("/hooks/sendcloud", "application/json", body, "Sendcloud-Signature", Signing.sendcloud(body));
        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = Gateway.json(response.body());
        assertNotNull(answer.get("id"), response.body());
        return answer.get("id").asText();
    }

    private static String status(JsonNode event, String destination) {
        JsonNode d = Gateway.delivery(event, destination);
        return d == null ? "" : d.get("status").asText();
    }
}
