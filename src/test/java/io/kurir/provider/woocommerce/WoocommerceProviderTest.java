package io.kurir.provider.woocommerce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

import io.kurir.Json;
import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Providers;
import io.kurir.provider.Requests;
import io.kurir.provider.Sample;
import org.junit.jupiter.api.Test;

class WoocommerceProviderTest {

    private final Provider provider = Providers.find("woocommerce").orElseThrow();

    private static Function<String, String> headers(String... nameValues) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < nameValues.length; i += 2) {
            headers.put(nameValues[i], nameValues[i + 1]);
        }
        return headers::get;
    }

    private Optional<String> probe(String body, String... nameValues) {
        return provider.probe(body.getBytes(StandardCharsets.UTF_8), headers(nameValues));
    }

    @Test
    void answersThePingSentWhenAWebhookIsSaved() {
        assertEquals(Optional.of("{\"status\":\"ok\"}"), probe("webhook_id=12", "User-Agent", "WooCommerce/9.4.0 Hookshot (WordPress/6.7)"));
    }

    @Test
    void doesNotTakeASignedRequestForThePing() {
        assertEquals(Optional.empty(), probe("webhook_id=12", "X-WC-Webhook-Signature", "o/uDJJIQeeNJIfBSDsT/BqTNpKCR7dJC1e0czEbof7w="));
    }

    @Test
    void doesNotTakeOtherBodiesForThePing() {
        for (String body : new String[] {"webhook_id=12&x=1", "webhook_id=", "webhook_id=12\n", " webhook_id=12", "webhook_id=abc",
            "webhook_id=" + "1".repeat(20), "{\"webhook_id\":12}", "", "{}"}) {
            assertEquals(Optional.empty(), probe(body), body);
        }
    }

    @Test
    void namesEventsByTheirTopic() {
        assertEquals("order.created", From.first(provider.eventType(), Requests.json("{}", "X-WC-Webhook-Topic", "order.created",
                "X-WC-Webhook-Resource", "order", "X-WC-Webhook-Event", "updated")));
    }

    @Test
    void namesEventsByResourceAndEventWithoutATopic() {
        assertEquals("product.deleted", From.first(provider.eventType(), Requests.json("{\"id\":1}",
                "X-WC-Webhook-Resource", "product", "X-WC-Webhook-Event", "deleted")));
    }

    @Test
    void keysEventsByDeliveryIdAndBody() {
        String key = From.first(provider.idempotencyKey(), Requests.json("{\"id\":727}", "X-WC-Webhook-Delivery-ID", "6f0e0f2a3b5e1d8c9a7b4c2d1e0f9a8b"));
        // printf '%s' '{"id":727}' | sha256sum
        assertEquals("6f0e0f2a3b5e1d8c9a7b4c2d1e0f9a8b:9b733088f6de302218a4fe2ad37fb68a231ed447d1283d301a8e6df68d219adb", key);
    }

    @Test
    void keepsTwoDeliveriesOfOneSecondApart() {
        // the delivery id is wp_hash(webhook id . time()): the same for two orders created in one second
        String first = From.first(provider.idempotencyKey(), Requests.json("{\"id\":727}", "X-WC-Webhook-Delivery-ID", "same-second"));
        String second = From.first(provider.idempotencyKey(), Requests.json("{\"id\":728}", "X-WC-Webhook-Delivery-ID", "same-second"));
        assertNotEquals(first, second);
    }

    @Test
    void keysEventsWithoutDeliveryIdByTheBodyHash() {
        assertNull(From.first(provider.idempotencyKey(), Requests.json("{\"id\":727}")));
    }

    @Test
    void sendsTheWoocommerceHeadersWithItsSample() throws Exception {
        Sample sample = provider.samples("aaaa1111", Instant.EPOCH).get(0);
        assertEquals("order.created", sample.headers().get("X-WC-Webhook-Topic"));
        assertEquals("testaaaa1111", sample.headers().get("X-WC-Webhook-Delivery-ID"));
        assertTrue(sample.body().contains("https:\\/\\/shop.example.com\\/wp-json"), sample.body());
        assertEquals("wc_order_aaaa1111", Json.MAPPER.readTree(sample.body()).get("order_key").asText());
    }
}
