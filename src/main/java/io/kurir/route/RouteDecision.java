package io.kurir.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.kurir.store.Routed;

/**
 * The destinations one event's route sent it to, collected while the route runs (as an exchange
 * property, so that sub-exchanges of a multicast or split add to the same one) and recorded with
 * the event's `routed` mark in one transaction once the route has ended.
 */
final class RouteDecision {

    static final String PROPERTY = "kurirRouteDecision";

    private final String eventId;
    private final long receivedAt;
    private final List<String> destinations = new ArrayList<>();
    /** The ordering key of each destination that declares one and found one in the event. */
    private final Map<String, String> orderKeys = new HashMap<>();
    private boolean closed;

    RouteDecision(String eventId, long receivedAt) {
        this.eventId = eventId;
        this.receivedAt = receivedAt;
    }

    /** @param orderKey the destination's ordering key for this event, or null: the first one found for it counts */
    synchronized void deliverTo(String destination, String orderKey) {
        if (closed) {
            // recorded already: a delivery added now would never be made
            throw new IllegalStateException("kurir:destination:" + destination + " was reached after the route of event "
                    + eventId + " had ended (from a wireTap or another asynchronous step?); send to it within the route");
        }
        if (!destinations.contains(destination)) {
            destinations.add(destination);
            if (orderKey != null) {
                orderKeys.put(destination, orderKey);
            }
        }
    }

    synchronized Routed routed() {
        closed = true;
        return Routed.to(eventId, destinations, orderKeys, receivedAt);
    }

    synchronized Routed failed(String error) {
        closed = true;
        return Routed.failed(eventId, error);
    }
}
