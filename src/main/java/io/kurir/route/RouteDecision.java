package io.kurir.route;

import java.util.ArrayList;
import java.util.List;

import io.kurir.store.Routed;

/**
 * The destinations one event's route sent it to, collected while the route runs (as an exchange
 * property, so that sub-exchanges of a multicast or split add to the same one) and recorded with
 * the event's `routed` mark in one transaction once the route has ended.
 */
final class RouteDecision {

    static final String PROPERTY = "kurirRouteDecision";

    private final String eventId;
    private final List<String> destinations = new ArrayList<>();
    private boolean closed;

    RouteDecision(String eventId) {
        this.eventId = eventId;
    }

    synchronized void deliverTo(String destination) {
        if (closed) {
            // recorded already: a delivery added now would never be made
            throw new IllegalStateException("kurir:destination:" + destination + " was reached after the route of event "
                    + eventId + " had ended (from a wireTap or another asynchronous step?); send to it within the route");
        }
        if (!destinations.contains(destination)) {
            destinations.add(destination);
        }
    }

    synchronized Routed routed() {
        closed = true;
        return Routed.to(eventId, destinations);
    }

    synchronized Routed failed(String error) {
        closed = true;
        return Routed.failed(eventId, error);
    }
}
