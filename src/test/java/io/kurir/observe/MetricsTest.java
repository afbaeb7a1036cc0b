package io.kurir.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.kurir.support.Downstream;
import io.kurir.support.Downstream.Answer;
import io.kurir.support.Gateway;
import io.kurir.support.Prometheus;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * `/observe/metrics` after real webhooks and deliveries, on both stores: the meters say what happened.
 * One gateway serves every test, so each reads how much a meter went up during the test.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsTest {

    @Parameter
    TestStore store;

    private Downstream shop;
    private Gateway gateway;
    private Prometheus before;

    @BeforeParameterizedClassInvocation
    void start() throws Exception {
        shop = new Downstream();
        gateway = Gateway.onFreshStore(store, Map.of(
                "kurir.destination.shop-backend.url", shop.url("/webhooks/shipping"),
                "kurir.retry.max-attempts", "2",
                "kurir.retry.initial-delay", "100",
                "kurir.retry.max-delay", "200",
                "kurir.deliver.poll-interval", "50"));
    }

    @AfterParameterizedClassInvocation
    void stop() {
        gateway.close();
        shop.close();
    }

    @BeforeEach
    void scrapeBefore() {
        shop.reset();
        before = gateway.metrics();
    }

    /** How much a meter went up since the test began. */
    private double increase(String name, String... labels) {
        return gateway.metrics().value(name, labels) - before.value(name, labels);
    }

    /** Waits until a meter went up by `expected` since the test began (deliveries happen after the answer). */
    private void awaitIncrease(double expected, String name, String... labels) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        double increase = increase(name, labels);
        while (increase < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            increase = increase(name, labels);
        }
        assertEquals(expected, increase, name + " " + String.join(",", labels));
    }

    private HttpResponse<String> postSendcloud(byte[] body, String signature) {
        return gateway.post("/hooks/sendcloud", "application/json", body, "Sendcloud-Signature", signature);
    }

    private static byte[] parcel(String tracking) {
        return ("{\"action\":\"parcel_status_changed\",\"timestamp\":1700000000000,\"parcel\":{\"id\":1,\"tracking_number\":\""
                + tracking + "\",\"status\":{\"id\":3,\"message\":\"En route\"}}}").getBytes(StandardCharsets.UTF_8);
    }

    private static String waybill(String orderId) {
        return "{\"event\":\"order.waybill_id\",\"order_id\":\"" + orderId + "\",\"courier_tracking_id\":\"trk\","
                + "\"courier_waybill_id\":\"WYB-" + orderId + "\",\"status\":\"allocated\"}";
    }

    private static String unique() {
        return UUID.randomUUID().toString();
    }

    @Test
    void countsWebhooksBySourceAndOutcome() {
        byte[] first = parcel(unique());
        for (byte[] body : new byte[][] {first, parcel(unique()), parcel(unique())}) {
            assertEquals(200, postSendcloud(body, Signing.sendcloud(body)).statusCode());
        }
        assertEquals(200, postSendcloud(first, Signing.sendcloud(first)).statusCode());
        assertEquals(401, postSendcloud(parcel(unique()), "forged").statusCode());
        assertEquals(404, gateway.post("/hooks/no-such-source-" + unique(), "application/json", "{}".getBytes()).statusCode());

        String received = "kurir_webhooks_received_total";
        assertEquals(3, increase(received, "source", "sendcloud", "outcome", "accepted"));
        assertEquals(1, increase(received, "source", "sendcloud", "outcome", "duplicate"));
        assertEquals(1, increase(received, "source", "sendcloud", "outcome", "invalid_signature"));
        assertEquals(1, increase(received, "source", "unknown", "outcome", "unknown_source"));
        assertEquals("counter", gateway.metrics().type(received));
    }

    @Test
    void keepsAMadeUpSourceNameOutOfTheLabels() {
        String madeUp = "made-up-" + unique();
        gateway.post("/hooks/" + madeUp, "application/json", "{}".getBytes());

        assertFalse(gateway.metrics().text().contains(madeUp));
    }

    @Test
    void timesEveryAnswerInAHistogramByStatusClass() {
        for (int i = 0; i < 2; i++) {
            byte[] body = parcel(unique());
            postSendcloud(body, Signing.sendcloud(body));
        }
        postSendcloud(parcel(unique()), "forged");

        Prometheus after = gateway.metrics();
        assertEquals("histogram", after.type("kurir_ingest_answer_seconds"));
        assertEquals(2, increase("kurir_ingest_answer_seconds_count", "status", "2xx"));
        assertEquals(1, increase("kurir_ingest_answer_seconds_count", "status", "4xx"));
        assertEquals(2, after.value("kurir_ingest_answer_seconds_bucket", "status", "2xx", "le", "+Inf")
                - before.value("kurir_ingest_answer_seconds_bucket", "status", "2xx", "le", "+Inf"));
        assertTrue(after.value("kurir_ingest_answer_seconds_bucket", "status", "2xx", "le", "0.001") >= 0);
    }

    @Test
    void timesStoreCommitsAndCountsTheEventsInEach() {
        byte[] body = parcel(unique());
        postSendcloud(body, Signing.sendcloud(body));

        assertEquals(1, increase("kurir_store_commit_seconds_count", "writer", "events"));
        assertEquals(1, increase("kurir_store_commit_batch_size_sum", "writer", "events"));
        assertEquals("histogram", gateway.metrics().type("kurir_store_commit_batch_size"));
    }

    @Test
    void countsRouteRunsByOutcome() throws InterruptedException {
        gateway.postBiteship("/hooks/biteship", waybill(unique()));
        gateway.postBiteship("/hooks/biteship", "{\"event\":\"order.note\",\"order_id\":\"" + unique() + "\"}");

        awaitIncrease(1, "kurir_routing_total", "source", "biteship", "outcome", "routed");
        awaitIncrease(1, "kurir_routing_total", "source", "biteship", "outcome", "no_destination");
        assertEquals(0, increase("kurir_routing_total", "source", "biteship", "outcome", "failed"));
    }

    @Test
    void countsDeliveryAttemptsByDestinationAndWhatTheyLeftTheDelivery() throws InterruptedException {
        String recovers = unique();
        String dies = unique();
        shop.answerFor(recovers, Answer.status(500, "down"));
        shop.answerFor(dies, Answer.status(500, "down"), Answer.status(503, "still down"));
        gateway.postBiteship("/hooks/biteship", waybill(recovers));
        gateway.postBiteship("/hooks/biteship", waybill(dies));

        String attempts = "kurir_delivery_attempts_total";
        awaitIncrease(1, attempts, "destination", "shop-backend", "outcome", "delivered");
        awaitIncrease(1, attempts, "destination", "shop-backend", "outcome", "dead");
        assertEquals(2, increase(attempts, "destination", "shop-backend", "outcome", "retrying"));
    }

    @Test
    void timesEachDeliveryAttempt() throws InterruptedException {
        gateway.postBiteship("/hooks/biteship", waybill(unique()));

        awaitIncrease(1, "kurir_delivery_attempt_seconds_count", "destination", "shop-backend");
        assertEquals("histogram", gateway.metrics().type("kurir_delivery_attempt_seconds"));
    }

    @Test
    void showsEachDestinationsCircuitBreakerState() {
        Prometheus metrics = gateway.metrics();

        assertEquals(1, metrics.value("kurir_circuit_breaker_state", "destination", "shop-backend", "state", "closed"));
        assertEquals(0, metrics.value("kurir_circuit_breaker_state", "destination", "shop-backend", "state", "open"));
        assertEquals(0, metrics.value("kurir_circuit_breaker_state", "destination", "shop-backend", "state", "half_open"));
    }

    @Test
    void servesTheJvmsAndCamelsRouteMetricsBesideKurirs() throws InterruptedException {
        byte[] body = parcel(unique());
        postSendcloud(body, Signing.sendcloud(body));
        // routed after the answer
        awaitIncrease(1, "camel_exchanges_total", "routeId", "sendcloud");

        Prometheus metrics = gateway.metrics();
        assertTrue(metrics.matching("jvm_memory_used_bytes", "area", "heap").stream().mapToDouble(Prometheus.Sample::value).sum() > 0,
                "JVM heap");
        assertTrue(metrics.has("jvm_gc_memory_allocated_bytes_total"), "JVM GC");
        assertTrue(metrics.has("jvm_threads_live_threads"), "JVM threads");
        assertTrue(metrics.has("process_cpu_usage"), "process CPU");
        assertTrue(metrics.matching("camel_exchanges_total", "routeId", "ingest").isEmpty(), "the ingest route is Kurir's to measure");
        assertTrue(metrics.has("hikaricp_connections_active"), "the store's connection pool");
    }
}
