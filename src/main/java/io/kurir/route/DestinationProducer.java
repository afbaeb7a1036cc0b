package io.kurir.route;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * `to: kurir:destination:<name>`: adds the destination to the current event's route decision; the
 * pending delivery is recorded once the route has ended, with the other destinations it chose.
 * Routing the same event again (after a crash) records nothing new: a delivery exists once per
 * event and destination. A destination with an ordering key has it evaluated here, on the exchange
 * as it reaches this step, and stored with the delivery. In a dry run ({@link DryRun}) the decision is
 * only read, never recorded.
 */
final class DestinationProducer extends DefaultProducer {

    private final String destination;
    /** Null when the destination declares no ordering key. */
    private final OrderKey orderKey;

    DestinationProducer(KurirEndpoint endpoint, String destination, OrderKey orderKey) {
        super(endpoint);
        this.destination = destination;
        this.orderKey = orderKey;
    }

    @Override
    public void process(Exchange exchange) {
        RouteDecision decision = exchange.getProperty(RouteDecision.PROPERTY, RouteDecision.class);
        if (decision == null) {
            throw new IllegalStateException("kurir:destination:" + destination
                    + " needs an event: send to it from a route that starts with kurir:source:<name>");
        }
        decision.deliverTo(destination, orderKey == null ? null : orderKey.evaluate(exchange));
    }
}
