package io.kurir.store;

/** A delivery as the events log lists it: with the source and type of its event. */
public record DeliveryView(Delivery delivery, String source, String eventType) {
}
