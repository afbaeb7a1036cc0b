package io.kurir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Downstream;
import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java DSL routes (`routes/*.java`, compiled as the gateway starts) beside the YAML ones: a Java route
 * can start from a `kurir:source:` as a YAML one does, and a route file that does not compile stops the
 * start in one line naming the file and the line.
 */
class JavaRoutesTest {

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
             Gateway gateway = Gateway.onFreshStore(Store.EMBEDDED, Map.of(
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

        IllegalStateException failed = assertThrows(IllegalStateException.class, () -> Gateway.onFreshStore(Store.EMBEDDED, Map.of(
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
