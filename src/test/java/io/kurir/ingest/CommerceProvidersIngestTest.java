package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Midtrans, Xendit and WooCommerce through the whole ingest: what they get back, and what is stored. */
class CommerceProvidersIngestTest {

    private static final String MIDTRANS_KEY = "SB-Mid-server-kurirTestKey0123456789";
    // printf '%s' 'order-101c-1578569229''200''20000.00''SB-Mid-server-kurirTestKey0123456789' | openssl dgst -sha512 -r
    private static final String MIDTRANS_SIGNATURE = "656a1767894b4609c2675bf921f6fb2ad8575edc17763521cc04dced6de1d37f"
            + "d1c0f37ca212292bcd5f08e77123884262a8949226d08f10e24ffbf371b09999";
    private static final String XENDIT_TOKEN = "xnd_kurir_callback_token_0123456789";
    private static final String WOO_SECRET = "wc_kurir_secret_123";

    private static Gateway gateway;

    @BeforeAll
    static void start() {
        gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                "kurir.source.midtrans.verify", "midtrans", "kurir.source.midtrans.secret", MIDTRANS_KEY,
                "kurir.source.xendit.verify", "xendit", "kurir.source.xendit.secret", XENDIT_TOKEN,
                "kurir.source.woo.verify", "woocommerce", "kurir.source.woo.secret", WOO_SECRET));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static JsonNode stored(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return gateway.api("/api/events/" + Gateway.json(response.body()).get("id").asText());
    }

    private static long count(String source) {
        return gateway.api("/api/events?source=" + source + "&limit=500").get("events").size();
    }

    private static String midtrans(String status) {
        return "{\"transaction_time\":\"2020-01-09 18:27:19\",\"transaction_status\":\"" + status + "\","
                + "\"transaction_id\":\"57d5293c-e65f-4a29-95e4-5959c3fa335b\",\"status_code\":\"200\",\"signature_key\":\""
                + MIDTRANS_SIGNATURE + "\",\"payment_type\":\"bank_transfer\",\"order_id\":\"order-101c-1578569229\","
                + "\"gross_amount\":\"20000.00\",\"fraud_status\":\"accept\",\"currency\":\"IDR\"}";
    }

    @Test
    void storesAMidtransNotificationOnceAndItsNextStatusAgain() {
        HttpResponse<String> first = gateway.post("/hooks/midtrans", "application/json", midtrans("capture").getBytes());
        JsonNode event = stored(first);
        assertEquals("capture", event.get("type").asText());
        assertEquals("57d5293c-e65f-4a29-95e4-5959c3fa335b:capture:accept", event.get("idempotencyKey").asText());

        HttpResponse<String> retry = gateway.post("/hooks/midtrans", "application/json", midtrans("capture").getBytes());
        assertEquals("duplicate", Gateway.json(retry.body()).get("status").asText());
        HttpResponse<String> settled = gateway.post("/hooks/midtrans", "application/json", midtrans("settlement").getBytes());
        assertEquals("accepted", Gateway.json(settled.body()).get("status").asText());
    }

    @Test
    void refusesAMidtransNotificationWithATamperedAmount() {
        HttpResponse<String> response = gateway.post("/hooks/midtrans", "application/json",
                midtrans("settlement").replace("\"20000.00\"", "\"2000000.00\"").getBytes());
        assertEquals(401, response.statusCode());
        assertEquals("invalid_signature", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void storesAXenditCallbackWithItsTokenMasked() {
        String invoice = "{\"id\":\"593f4ed1c3d3bb7f39733d83\",\"external_id\":\"testing-invoice\",\"status\":\"PAID\","
                + "\"merchant_name\":\"Xendit\",\"amount\":2000000,\"paid_amount\":2000000,\"currency\":\"IDR\"}";
        JsonNode event = stored(gateway.post("/hooks/xendit", "application/json", invoice.getBytes(), "X-CALLBACK-TOKEN", XENDIT_TOKEN));
        assertEquals("invoice.paid", event.get("type").asText());
        assertEquals("593f4ed1c3d3bb7f39733d83:PAID", event.get("idempotencyKey").asText());
        String headers = event.get("headers").toString();
        assertFalse(headers.contains(XENDIT_TOKEN), headers);
        assertTrue(headers.toLowerCase().contains("\"x-callback-token\":\"***\""), headers);
    }

    @Test
    void storesAWoocommerceOrderByItsTopic() {
        byte[] body = "{\"id\":728,\"status\":\"processing\",\"total\":\"29.35\"}".getBytes(StandardCharsets.UTF_8);
        JsonNode event = stored(gateway.post("/hooks/woo", "application/json", body,
                "X-WC-Webhook-Signature", Base64.getEncoder().encodeToString(Signing.hmacSha256(WOO_SECRET, body)),
                "X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Resource", "order", "X-WC-Webhook-Event", "created",
                "X-WC-Webhook-ID", "12", "X-WC-Webhook-Delivery-ID", "6f0e0f2a3b5e1d8c9a7b4c2d1e0f9a8b"));
        assertEquals("order.created", event.get("type").asText());
        assertTrue(event.get("idempotencyKey").asText().startsWith("6f0e0f2a3b5e1d8c9a7b4c2d1e0f9a8b:"), event.toString());
    }

    @Test
    void answersTheWoocommercePingWith200WithoutStoringIt() {
        long before = count("woo");
        HttpResponse<String> ping = gateway.post("/hooks/woo", "application/x-www-form-urlencoded", "webhook_id=12".getBytes(),
                "User-Agent", "WooCommerce/9.4.0 Hookshot (WordPress/6.7)");
        HttpResponse<String> notAPing = gateway.post("/hooks/woo", "application/x-www-form-urlencoded", "webhook_id=12&x=1".getBytes());

        assertEquals(200, ping.statusCode());
        assertEquals("{\"status\":\"ok\"}", ping.body());
        assertEquals(401, notAPing.statusCode(), "an unsigned body that is not the ping is verified like any other");
        assertEquals(before, count("woo"));
    }
}
