package io.kurir.store;

import java.util.List;
import java.util.Map;

/**
 * What an event's route decided: the destinations it is to be delivered to, or why the route failed.
 * `orderKeys` holds the ordering key found for each destination that declares one
 * (`kurir.destination.<name>.order-key`); `receivedAt` is the event's, which orders deliveries of one key.
 */
public record Routed(String eventId, List<String> destinations, String error, Map<String, String> orderKeys, long receivedAt) {

    public static Routed to(String eventId, List<String> destinations) {
        return new Routed(eventId, List.copyOf(destinations), null, Map.of(), 0);
    }

    public static Routed to(String eventId, List<String> destinations, Map<String, String> orderKeys, long receivedAt) {
        return new Routed(eventId, List.copyOf(destinations), null, Map.copyOf(orderKeys), receivedAt);
    }

    public static Routed failed(String eventId, String error) {
        return new Routed(eventId, List.of(), error, Map.of(), 0);
    }
}
