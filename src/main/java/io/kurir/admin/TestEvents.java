package io.kurir.admin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.kurir.ingest.IngestError;
import io.kurir.ingest.IngestProcessor;
import io.kurir.ingest.Source;
import io.kurir.store.Appended;

/**
 * "Send test event": a realistic sample of what the source's provider sends, stored and routed
 * exactly like a real webhook (only verification is skipped: there is nothing to verify) and
 * marked as a test event.
 */
final class TestEvents {

    private record Sample(String contentType, String body, Map<String, String> headers) {
    }

    private final IngestProcessor ingest;
    private final Clock clock;

    TestEvents(IngestProcessor ingest, Clock clock) {
        this.ingest = ingest;
        this.clock = clock;
    }

    Appended send(Source source) throws IngestError {
        Sample sample = sample(source, UUID.randomUUID().toString().substring(0, 8), clock.instant());
        Map<String, String> headers = new LinkedHashMap<>(sample.headers());
        headers.put("Content-Type", sample.contentType());
        headers.put("User-Agent", "Kurir test event");
        Map<String, String> lookup = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        lookup.putAll(headers);
        return ingest.acceptTest(source, sample.body().getBytes(StandardCharsets.UTF_8), lookup::get, headers);
    }

    /** Each sample carries a fresh id, so that two tests are two events rather than a duplicate. */
    private static Sample sample(Source source, String unique, Instant now) {
        String json = "application/json";
        return switch (source.scheme()) {
            case "biteship" -> new Sample(json, """
                    {"event":"order.status","order_id":"test-%1$s","courier_tracking_id":"trk-%1$s","courier_waybill_id":"WYB-%1$s",\
                    "courier_company":"jne","courier_type":"reg","courier_driver_name":"Budi","courier_driver_phone":"081234567890",\
                    "courier_link":"https://track.example/WYB-%1$s","order_price":25000,"status":"delivered","updated_at":"%2$s"}"""
                    .formatted(unique, now), Map.of());
            case "sendcloud" -> new Sample(json, """
                    {"action":"parcel_status_changed","timestamp":%2$d,"carrier_status_change_timestamp":%2$d,"parcel":{"id":%3$d,\
                    "name":"Sari Dewi","company_name":"","address":"Jalan Merdeka 1","city":"Jakarta","postal_code":"10110",\
                    "telephone":"+6281234567890","email":"sari@example.com","tracking_number":"TEST%1$s",\
                    "status":{"id":11,"message":"Delivered"},"country":{"iso_2":"ID","iso_3":"IDN","name":"Indonesia"},\
                    "order_number":"ORDER-%1$s","shipment":{"id":8,"name":"Standard"}}}"""
                    .formatted(unique, now.toEpochMilli(), Math.abs(unique.hashCode())), Map.of());
            case "token", "basic" -> new Sample("application/x-www-form-urlencoded",
                    "name=Test+Lead+" + unique + "&phone=0812-0000-0000&email=test%40example.com&message=Kurir+test+event", Map.of());
            case "github" -> new Sample(json, "{\"zen\":\"Kurir test event\",\"hook_id\":0,\"test_id\":\"" + unique + "\"}",
                    Map.of("X-GitHub-Event", "ping", "X-GitHub-Delivery", "test-" + unique));
            case "stripe" -> new Sample(json, "{\"id\":\"evt_test_" + unique + "\",\"object\":\"event\",\"type\":\"payment_intent.succeeded\","
                    + "\"data\":{\"object\":{\"id\":\"pi_test\",\"amount\":25000,\"currency\":\"idr\"}}}", Map.of());
            case "shopify" -> new Sample(json, "{\"id\":\"test-" + unique + "\",\"email\":\"test@example.com\",\"total_price\":\"250.00\"}",
                    Map.of("X-Shopify-Topic", "orders/create", "X-Shopify-Webhook-Id", "test-" + unique));
            default -> new Sample(json, "{\"type\":\"kurir.test\",\"timestamp\":\"" + now + "\",\"data\":{\"test_id\":\"" + unique + "\"}}",
                    Map.of("webhook-id", "msg_test_" + unique));
        };
    }
}
