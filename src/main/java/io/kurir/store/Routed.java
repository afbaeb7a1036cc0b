package io.kurir.store;

import java.util.List;

/** What an event's route decided: the destinations it is to be delivered to, or why the route failed. */
public record Routed(String eventId, List<String> destinations, String error) {

    public static Routed to(String eventId, List<String> destinations) {
        return new Routed(eventId, List.copyOf(destinations), null);
    }

    public static Routed failed(String eventId, String error) {
        return new Routed(eventId, List.of(), error);
    }
}
