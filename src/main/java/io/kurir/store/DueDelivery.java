package io.kurir.store;

/** A delivery leased for an attempt, with the event it carries. */
public record DueDelivery(Delivery delivery, StoredEvent event) {
}
