package io.kurir.route;

import java.time.Clock;

import io.kurir.store.DeliveryStore;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * `to: kurir:destination:<name>`: records one pending delivery of the current event. Routing the
 * same event again (after a crash) records nothing new: a delivery exists once per event and
 * destination.
 */
final class DestinationProducer extends DefaultProducer {

    private final String destination;
    private final DeliveryStore deliveries;
    private final DeliveryScheduler scheduler;
    private final Clock clock;

    DestinationProducer(KurirEndpoint endpoint, String destination, DeliveryStore deliveries, DeliveryScheduler scheduler, Clock clock) {
        super(endpoint);
        this.destination = destination;
        this.deliveries = deliveries;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        String eventId = exchange.getMessage().getHeader(EventHeaders.EVENT_ID, String.class);
        if (eventId == null) {
            throw new IllegalStateException("kurir:destination:" + destination
                    + " needs the kurirEventId header: send to it from a route that starts with kurir:source:<name>");
        }
        if (deliveries.create(eventId, destination, clock.millis()).isPresent()) {
            scheduler.wake(destination);
        }
    }
}
