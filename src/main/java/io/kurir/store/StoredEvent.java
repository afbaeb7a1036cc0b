package io.kurir.store;

import java.util.Map;

/**
 * One accepted webhook as it is kept: the exact bytes that were verified, and what Kurir derived.
 * `storedBy` and `routedBy` are instance ids, null until the store has them.
 */
public record StoredEvent(
        String id,
        String source,
        String idempotencyKey,
        String type,
        String environment,
        String status,
        long receivedAt,
        String contentType,
        Map<String, String> headers,
        Map<String, String> labels,
        byte[] body,
        Long routedAt,
        String routeError,
        boolean test,
        String storedBy,
        String routedBy) {

    public static final String RECEIVED = "received";
    public static final String ROUTED = "routed";
    public static final String ROUTE_FAILED = "route_failed";
}
