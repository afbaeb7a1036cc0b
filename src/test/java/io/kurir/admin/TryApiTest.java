package io.kurir.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.Json;
import io.kurir.support.Downstream;
import io.kurir.support.Gateway;
import io.kurir.support.TestStore;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * `POST /api/sources/{name}/try`: the shipped routes' decisions on samples, and a dry run that
 * stores, records and sends nothing, on both stores.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TryApiTest {

    private static final String AUTH = "Bearer " + Gateway.ADMIN_TOKEN;
    private static final List<String> TABLES = List.of("events", "deliveries", "attempts", "refusals");

    @Parameter
    TestStore store;

    private Downstream shop;
    private Gateway gateway;

    @BeforeParameterizedClassInvocation
    void start() throws Exception {
        shop = new Downstream();
        gateway = Gateway.onFreshStore(store, Map.of(
                "kurir.destination.shop-backend.url", shop.url("/webhooks/shipping"),
                "kurir.source.probe.verify", "none",
                "kurir.deliver.poll-interval", "50"));
        // a source route with side effects of its own: an HTTP call, a database statement, and a
        // sub-route that posts to Telegram for events labelled channel=telegram
        String http = shop.url("/side-effect");
        gateway.context().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("kurir:source:probe").routeId("probe")
                        .to(http)
                        .setBody(constant("SELECT 1"))
                        .to("jdbc:kurirDataSource")
                        .to("direct:probe-more");
                from("direct:probe-more").routeId("probe-more")
                        .filter(header("channel").isEqualTo("telegram"))
                            .to("telegram:bots?authorizationToken=secret-bot-token&chatId=1&baseUri=http://127.0.0.1:9")
                        .end()
                        .to("kurir:destination:shop-backend");
            }
        });
    }

    @AfterParameterizedClassInvocation
    void stop() {
        gateway.close();
        shop.close();
    }

    @BeforeEach
    void answeringDownstream() {
        shop.reset();
    }

    private HttpResponse<String> tryOut(String source, Object sample, String... headers) {
        List<String> all = new ArrayList<>(List.of(headers));
        if (all.isEmpty()) {
            all.addAll(List.of("Authorization", AUTH));
        }
        return gateway.post("/api/sources/" + source + "/try", "application/json",
                Json.write(sample).getBytes(StandardCharsets.UTF_8), all.toArray(String[]::new));
    }

    private JsonNode tried(String source, Object sample) {
        HttpResponse<String> response = tryOut(source, sample);
        assertEquals(200, response.statusCode(), response.body());
        return Gateway.json(response.body());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    @Test
    void answersWhatTheBiteshipRoutePicksForADeliveredOrder() {
        JsonNode answer = tried("biteship", Map.of("body", Map.of("event", "order.status", "order_id", "ORD-7", "status", "delivered")));

        assertEquals("order.status", answer.get("eventType").asText());
        assertEquals("routed", answer.get("outcome").asText());
        assertEquals("biteship", answer.get("route").asText());
        // routes/biteship.camel.yaml: every status to the shipment table; delivered also to ops on Telegram and the customer by mail
        assertEquals(List.of("shipment-db", "ops-telegram", "customer-mail"), texts(answer.get("destinations")));
        assertEquals(0, answer.get("skippedEndpoints").size());
        assertFalse(answer.get("verified").asBoolean());
        assertFalse(answer.get("stored").asBoolean());
        assertTrue(answer.get("idempotencyKey").asText().startsWith("sha256:"), answer.toString());
    }

    @Test
    void answersTheShopBackendForAWaybillAndOnlyTheTableForAPickedOrder() {
        JsonNode waybill = tried("biteship", Map.of("body", Map.of("event", "order.waybill_id", "order_id", "ORD-8", "status", "allocated")));
        JsonNode picked = tried("biteship", Map.of("body", "{\"event\":\"order.status\",\"order_id\":\"ORD-8\",\"status\":\"picked\"}",
                "contentType", "application/json"));

        assertEquals(List.of("shop-backend"), texts(waybill.get("destinations")));
        assertEquals(List.of("shipment-db"), texts(picked.get("destinations")));
    }

    @Test
    void answersTheLeadsDestinationsWithTheLabelsFromTheQueryButNotItsToken() {
        JsonNode answer = tried("leads", Map.of(
                "body", "name=Sari&email=sari%40example.com&phone=081234567890",
                "contentType", "application/x-www-form-urlencoded",
                "query", "campaign_name=Expo&campaign_type=event&lead_status=new&token=dev-leads-token"));

        assertEquals("form.submitted", answer.get("eventType").asText());
        Map<String, String> labels = new LinkedHashMap<>();
        answer.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        assertEquals(Map.of("campaign_name", "Expo", "campaign_type", "event", "lead_status", "new"), labels);
        assertEquals(List.of("crm", "sales-telegram", "lead-whatsapp"), texts(answer.get("destinations")));
    }

    @Test
    void answersALeadWithoutPhoneWithoutWhatsApp() {
        JsonNode answer = tried("leads", Map.of("body", Map.of("name", "Budi", "email", "budi@example.com"), "query", Map.of("campaign_name", "Web")));

        assertEquals("Web", answer.get("labels").get("campaign_name").asText());
        assertEquals(List.of("crm", "sales-telegram"), texts(answer.get("destinations")));
    }

    @Test
    void answersTheSendcloudRouteForADeliveredParcel() {
        JsonNode answer = tried("sendcloud", Map.of("body", Map.of("action", "parcel_status_changed",
                "parcel", Map.of("status", Map.of("message", "Delivered")))));

        assertEquals("parcel_status_changed", answer.get("eventType").asText());
        assertEquals(List.of("shop-backend"), texts(answer.get("destinations")));
    }

    @Test
    void skipsAndListsEverySendThatIsNotToADestination() throws Exception {
        JsonNode answer = tried("probe", Map.of("body", Map.of("marker", "dry-run-marker"), "query", "channel=telegram"));

        assertEquals("routed", answer.get("outcome").asText(), answer.toString());
        assertEquals(List.of("shop-backend"), texts(answer.get("destinations")), "reached through direct:");
        List<String> skipped = texts(answer.get("skippedEndpoints"));
        assertEquals(3, skipped.size(), skipped.toString());
        assertTrue(skipped.get(0).startsWith("http://127.0.0.1:"), skipped.toString());
        assertTrue(skipped.get(1).startsWith("jdbc:"), skipped.toString());
        assertTrue(skipped.get(2).startsWith("telegram:"), skipped.toString());
        assertFalse(answer.toString().contains("secret-bot-token"), "secrets in URIs are masked: " + skipped);
        Thread.sleep(500);
        assertEquals(0, shop.all(r -> r.text().contains("dry-run-marker")).size(), "nothing was sent");
    }

    @Test
    void stillSendsAndSignsForARealEventThroughTheSameRoute() throws Exception {
        HttpResponse<String> real = gateway.post("/hooks/probe", "application/json", "{\"real\":\"real-marker\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, real.statusCode(), real.body());

        assertTrue(shop.next(r -> r.path().equals("/side-effect")).text().contains("real-marker"), "the route's own HTTP call went out");
        Downstream.Received delivery = shop.next(r -> r.path().equals("/webhooks/shipping"));
        assertNotNull(delivery.header("webhook-signature"), "the delivery was signed as every http: step to a destination is");
    }

    @Test
    void answers400WithTheIngestErrorForABodyThatDoesNotParse() {
        HttpResponse<String> response = tryOut("biteship", Map.of("body", "{\"event\": \"order.status\",", "contentType", "application/json"));

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("malformed_body", Gateway.json(response.body()).get("error").asText());
        assertFalse(Gateway.json(response.body()).get("message").asText().isBlank());
    }

    @Test
    void answers415WithTheIngestErrorForAContentTypeKurirDoesNotTake() {
        HttpResponse<String> response = tryOut("biteship", Map.of("body", "hello", "contentType", "text/plain"));

        assertEquals(415, response.statusCode(), response.body());
        assertEquals("unsupported_media_type", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void answers400ForARequestThatIsNotASample() {
        HttpResponse<String> response = gateway.post("/api/sources/biteship/try", "application/json",
                "[1,2]".getBytes(StandardCharsets.UTF_8), "Authorization", AUTH);

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("bad_sample", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void answers404ForAnUnknownSource() {
        HttpResponse<String> response = tryOut("nobody", Map.of("body", Map.of("event", "x")));

        assertEquals(404, response.statusCode(), response.body());
        assertEquals("not_found", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void answers401WithoutTheToken() {
        assertEquals(401, tryOut("biteship", Map.of("body", Map.of("event", "x")), "X-None", "none").statusCode());
        assertEquals(401, tryOut("biteship", Map.of("body", Map.of("event", "x")), "Authorization", "Bearer wrong").statusCode());
    }

    @Test
    void storesNothing() throws Exception {
        Map<String, Long> before = counts();

        tried("biteship", Map.of("body", Map.of("event", "order.status", "order_id", "ORD-9", "status", "returned")));
        tried("leads", Map.of("body", Map.of("name", "X", "phone", "0812"), "query", "campaign_name=Expo&token=wrong-token"));
        tried("probe", Map.of("body", Map.of("any", "thing"), "query", "channel=telegram"));
        tryOut("biteship", Map.of("body", "{not json", "contentType", "application/json"));
        tryOut("biteship", Map.of("body", "x", "contentType", "text/plain"));
        Thread.sleep(300);

        assertEquals(before, counts());
        assertEquals(0, gateway.api("/api/events?q=ORD-9").get("events").size());
    }

    @Test
    void answersTheProbeAsKurirWouldWithoutRouting() {
        JsonNode answer = tried("biteship", Map.of("body", ""));

        assertEquals("probe", answer.get("outcome").asText(), answer.toString());
        assertNotNull(answer.get("answer"));
    }

    private Map<String, Long> counts() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = gateway.database(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
