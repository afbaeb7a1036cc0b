package io.kurir.route;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Wakes a destination's consumer when a delivery for it is recorded, instead of waiting for its next poll. */
public final class DeliveryScheduler {

    private final Map<String, DestinationConsumer> consumers = new ConcurrentHashMap<>();

    void register(String destination, DestinationConsumer consumer) {
        if (consumers.putIfAbsent(destination, consumer) != null) {
            throw new IllegalStateException("two routes consume kurir:destination:" + destination + "; keep one");
        }
    }

    void unregister(String destination, DestinationConsumer consumer) {
        consumers.remove(destination, consumer);
    }

    /** The destinations that have a route (`from: kurir:destination:<name>`). */
    public java.util.Set<String> destinations() {
        return new java.util.TreeSet<>(consumers.keySet());
    }

    public void wakeAll() {
        consumers.values().forEach(DestinationConsumer::wake);
    }

    /**
     * The attempt writer committed outcomes of these destinations' deliveries: those ordered per key
     * claim now the next delivery of each key that was waiting for them, rather than at their next poll.
     */
    public void attemptsCommitted(java.util.Collection<String> destinations) {
        for (String destination : destinations) {
            DestinationConsumer consumer = consumers.get(destination);
            if (consumer != null && consumer.ordered()) {
                consumer.wake();
            }
        }
    }

    public void wake(String destination) {
        DestinationConsumer consumer = consumers.get(destination);
        if (consumer != null) {
            consumer.wake();
        }
    }
}
