// A Java DSL route: compiled by Kurir at start-up (no build), loaded beside the YAML routes. The
// class is named as the file, has no package and extends RouteBuilder; it may use any class of
// Camel, Jackson and Kurir. A compile error stops the start with the file and the line.
//
// Destination shop-returns: Sendcloud's `return_created` (routed here by routes/sendcloud.camel.yaml)
// becomes the shop back end's refund and restock request: the returned quantities added up per SKU,
// and whether to refund money (not for an exchange). Logic over a list, plain in Java.
//
// Sent over HTTP, it passes Kurir's outbound address guard (in Kurir's http/https components) and is
// signed with Standard Webhooks headers (kurir.destination.shop-returns.signing-secret), as every
// http: step of every route is (io.kurir.route.RouteDefaults). Each run is one delivery attempt: an exception or an answer
// outside 2xx fails it, and Kurir retries it (kurir.retry.*).

import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

public class ShopReturns extends RouteBuilder {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void configure() {
        from("kurir:destination:shop-returns")
            .routeId("shop-returns")
            .process(ShopReturns::refundRequest)
            .to("{{kurir.destination.shop-returns.url}}");
    }

    /** {"data":{"id","order_number","refund_type","items":[{"sku","quantity"}]}} into the shop's request. */
    static void refundRequest(Exchange exchange) throws Exception {
        JsonNode data = JSON.readTree(exchange.getMessage().getBody(byte[].class)).path("data");
        Map<String, Integer> quantities = new TreeMap<>();
        for (JsonNode item : data.path("items")) {
            String sku = item.path("sku").asText(item.path("item_id").asText("unknown"));
            quantities.merge(sku, Math.max(1, item.path("quantity").asInt(1)), Integer::sum);
        }
        ObjectNode request = JSON.createObjectNode();
        request.put("order_number", data.path("order_number").asText());
        request.put("return_id", data.path("id").asText());
        request.put("refund", !"exchange".equalsIgnoreCase(data.path("refund_type").asText()));
        quantities.forEach(request.putObject("restock")::put);
        request.put("kurir_event_id", exchange.getMessage().getHeader("kurirEventId", String.class));
        exchange.getMessage().setBody(JSON.writeValueAsBytes(request));
    }
}
