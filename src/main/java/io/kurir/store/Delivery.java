package io.kurir.store;

/** One event on its way to one destination, and the instance that holds it while it is attempted. */
public record Delivery(String id, String eventId, String destination, String status, int attempts,
                       long createdAt, long updatedAt, Long nextAttemptAt, Integer lastStatusCode, String lastError,
                       String leaseOwner, Long leaseUntil) {

    public static final String PENDING = "pending";
    public static final String RETRYING = "retrying";
    public static final String DELIVERED = "delivered";
    public static final String DEAD = "dead";
}
