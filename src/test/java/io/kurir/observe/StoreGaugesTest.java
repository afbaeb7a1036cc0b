package io.kurir.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.DoublePredicate;

import io.kurir.support.Downstream;
import io.kurir.support.Downstream.Answer;
import io.kurir.support.Gateway;
import io.kurir.support.Prometheus;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gauges read from the store, on both stores. The scene: two form leads whose CRM delivery fails,
 * with a CRM breaker that opens at the first failure and a retry an hour later, so the first lead's CRM
 * delivery is retrying and the second one's pending; their Telegram messages die at their first failed
 * attempt; and an event of a source that has no route, which stays unrouted.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreGaugesTest {

    @Parameter
    TestStore store;

    private Downstream crm;
    private Gateway gateway;
    private long firstLeadAt;

    @BeforeParameterizedClassInvocation
    void start() throws Exception {
        crm = new Downstream().otherwise(Answer.status(500, "CRM down"));
        gateway = Gateway.onFreshStore(store, Map.ofEntries(
                Map.entry("kurir.destination.crm.url", crm.url("/crm/leads")),
                Map.entry("kurir.destination.crm.retry.initial-delay", "3600000"),
                Map.entry("kurir.destination.crm.retry.max-delay", "3600000"),
                Map.entry("kurir.destination.crm.breaker.failures", "1"),
                Map.entry("kurir.destination.crm.breaker.open", "3600000"),
                Map.entry("kurir.destination.sales-telegram.retry.max-attempts", "1"),
                Map.entry("kurir.source.orphan.verify", "none"),
                Map.entry("kurir.deliver.poll-interval", "50"),
                Map.entry("kurir.metrics.store-interval", "1000")));
        firstLeadAt = System.currentTimeMillis();
        postLead("Siti");
        gateway.awaitEvent(lastLeadId, e -> "retrying".equals(status(e, "crm")) && "dead".equals(status(e, "sales-telegram")),
                Duration.ofSeconds(15));
        postLead("Budi");
        gateway.awaitEvent(lastLeadId, e -> "dead".equals(status(e, "sales-telegram")), Duration.ofSeconds(15));
        HttpResponse<String> orphan = gateway.post("/hooks/orphan", "application/json", "{\"hello\":1}".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, orphan.statusCode(), orphan.body());
    }

    @AfterParameterizedClassInvocation
    void stop() {
        gateway.close();
        crm.close();
    }

    private String lastLeadId;

    private void postLead(String name) {
        HttpResponse<String> response = gateway.post("/hooks/leads?token=dev-leads-token", "application/x-www-form-urlencoded",
                ("name=" + name + "&email=" + name.toLowerCase() + "%40example.com").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, response.statusCode(), response.body());
        lastLeadId = Gateway.json(response.body()).get("id").asText();
    }

    private static String status(com.fasterxml.jackson.databind.JsonNode event, String destination) {
        var delivery = Gateway.delivery(event, destination);
        return delivery == null ? null : delivery.get("status").asText();
    }

    /** Scrapes until the gauge satisfies `expected` (the store is read every second), then returns it. */
    private double await(String name, DoublePredicate expected, String... labels) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double value = gateway.metrics().value(name, labels);
        while (!expected.test(value) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            value = gateway.metrics().value(name, labels);
        }
        return value;
    }

    @Test
    void countsEachDestinationsUndeliveredDeliveriesByStatus() throws InterruptedException {
        String undelivered = "kurir_deliveries_undelivered";
        assertEquals(1, await(undelivered, v -> v == 1, "destination", "crm", "status", "pending"));
        assertEquals(1, await(undelivered, v -> v == 1, "destination", "crm", "status", "retrying"));
        assertEquals(0, await(undelivered, v -> v == 0, "destination", "crm", "status", "dead"));
        assertEquals(2, await(undelivered, v -> v == 2, "destination", "sales-telegram", "status", "dead"));
        assertEquals(0, await(undelivered, v -> v == 0, "destination", "shop-backend", "status", "pending"));
    }

    @Test
    void showsTheAgeOfEachDestinationsOldestUndeliveredDelivery() throws InterruptedException {
        double age = await("kurir_deliveries_oldest_undelivered_age_seconds", v -> v >= 1, "destination", "crm");

        assertTrue(age >= 1 && age <= (System.currentTimeMillis() - firstLeadAt) / 1000.0 + 1, "age " + age);
        assertEquals(0, gateway.metrics().value("kurir_deliveries_oldest_undelivered_age_seconds", "destination", "sales-telegram"));
    }

    @Test
    void countsTheEventsNotRoutedYetOfEachSource() throws InterruptedException {
        assertEquals(1, await("kurir_events_unrouted", v -> v == 1, "source", "orphan"));
        assertEquals(0, await("kurir_events_unrouted", v -> v == 0, "source", "leads"));
    }

    @Test
    void showsAnOpenCircuitBreaker() {
        Prometheus metrics = gateway.metrics();

        assertEquals(1, metrics.value("kurir_circuit_breaker_state", "destination", "crm", "state", "open"));
        assertEquals(0, metrics.value("kurir_circuit_breaker_state", "destination", "crm", "state", "closed"));
    }

    @Test
    void answersScrapesFromTheLastReadingWhileTheStoreCannotBeRead() throws Exception {
        assumeTrue(store == TestStore.POSTGRES, "the embedded store lets readers read past a writer's lock");
        await("kurir_deliveries_undelivered", v -> v == 1, "destination", "crm", "status", "pending");
        try (Connection lock = gateway.database(); Statement s = lock.createStatement()) {
            lock.setAutoCommit(false);
            s.execute("LOCK TABLE deliveries IN ACCESS EXCLUSIVE MODE");
            Thread.sleep(2500);

            long start = System.nanoTime();
            Prometheus metrics = gateway.metrics();
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMillis < 1000, "the scrape took " + tookMillis + " ms");
            assertEquals(1, metrics.value("kurir_deliveries_undelivered", "destination", "crm", "status", "pending"));
            assertTrue(metrics.value("kurir_store_gauges_age_seconds") >= 1.5, metrics.matching("kurir_store_gauges_age_seconds").toString());
            lock.rollback();
        }
        assertTrue(await("kurir_store_gauges_age_seconds", v -> v < 1.5) < 1.5);
    }
}
