package io.kurir.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.kurir.store.Attempt;
import io.kurir.store.Delivery;
import io.kurir.store.DeliveryView;
import io.kurir.store.StoredEvent;

/** The JSON shapes of the admin API, in one place so lists and details agree. */
final class Views {

    private static final List<String> DELIVERY_STATUSES =
            List.of(Delivery.PENDING, Delivery.RETRYING, Delivery.DELIVERED, Delivery.DEAD);

    private Views() {
    }

    static Map<String, Object> eventSummary(StoredEvent e, Map<String, Long> deliveryCounts) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", e.id());
        item.put("source", e.source());
        item.put("type", e.type());
        item.put("environment", e.environment());
        item.put("status", e.status());
        item.put("receivedAt", time(e.receivedAt()));
        item.put("routedAt", time(e.routedAt()));
        item.put("contentType", e.contentType());
        item.put("idempotencyKey", e.idempotencyKey());
        item.put("labels", e.labels());
        item.put("test", e.test());
        item.put("storedBy", e.storedBy());
        // the instance that routed it, or that holds it to route
        item.put("routedBy", e.routedBy());
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("total", deliveryCounts.values().stream().mapToLong(Long::longValue).sum());
        DELIVERY_STATUSES.forEach(s -> counts.put(s, deliveryCounts.getOrDefault(s, 0L)));
        item.put("deliveries", counts);
        return item;
    }

    static Map<String, Object> eventDetail(StoredEvent e, Map<String, Long> deliveryCounts, List<Map<String, Object>> deliveries) {
        Map<String, Object> detail = eventSummary(e, deliveryCounts);
        detail.put("headers", e.headers());
        detail.put("body", new String(e.body(), StandardCharsets.UTF_8));
        detail.put("routeError", e.routeError());
        detail.put("deliveries", deliveries);
        return detail;
    }

    static Map<String, Object> delivery(Delivery d, List<Attempt> attempts) {
        Map<String, Object> item = delivery(d);
        item.put("attemptLog", attempts.stream().map(Views::attempt).toList());
        return item;
    }

    static Map<String, Object> delivery(DeliveryView view) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", view.delivery().id());
        item.put("eventId", view.delivery().eventId());
        item.put("source", view.source());
        item.put("eventType", view.eventType());
        item.putAll(delivery(view.delivery()));
        return item;
    }

    private static Map<String, Object> delivery(Delivery d) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", d.id());
        item.put("destination", d.destination());
        item.put("status", d.status());
        item.put("attempts", d.attempts());
        item.put("createdAt", time(d.createdAt()));
        item.put("updatedAt", time(d.updatedAt()));
        item.put("nextAttemptAt", time(d.nextAttemptAt()));
        item.put("lastStatusCode", d.lastStatusCode());
        item.put("lastError", d.lastError());
        item.put("leaseOwner", d.leaseOwner());
        item.put("leaseUntil", time(d.leaseUntil()));
        return item;
    }

    private static Map<String, Object> attempt(Attempt a) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("number", a.number());
        item.put("at", time(a.startedAt()));
        item.put("durationMs", a.durationMs());
        item.put("succeeded", a.succeeded());
        item.put("statusCode", a.statusCode());
        item.put("response", a.responseExcerpt());
        item.put("error", a.error());
        item.put("instance", a.instance());
        return item;
    }

    /** A page of a list; `next` is the cursor for the page after it, null on the last one. */
    static Map<String, Object> page(String name, List<Map<String, Object>> items, String next) {
        Map<String, Object> page = new LinkedHashMap<>();
        page.put(name, items);
        page.put("next", next);
        return page;
    }

    static String time(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
