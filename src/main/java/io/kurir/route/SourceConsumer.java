package io.kurir.route;

import java.time.Clock;

import io.kurir.store.EventStore;
import io.kurir.store.StoredEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** `from: kurir:source:<name>`: runs the source's route once for each of its stored events. */
final class SourceConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(SourceConsumer.class);

    private final String source;
    private final EventRouter router;
    private final EventStore events;
    private final Clock clock;

    SourceConsumer(KurirEndpoint endpoint, Processor processor, String source, EventRouter router, EventStore events, Clock clock) {
        super(endpoint, processor);
        this.source = source;
        this.router = router;
        this.events = events;
        this.clock = clock;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        router.register(source, this);
    }

    @Override
    protected void doStop() throws Exception {
        router.unregister(source, this);
        super.doStop();
    }

    void route(StoredEvent event) {
        if (!isRunAllowed()) {
            // stopping: the event stays received and is routed after the restart
            return;
        }
        Exchange exchange = createExchange(false);
        try {
            EventHeaders.fill(exchange, event);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        try {
            if (failure == null) {
                events.markRouted(event.id(), clock.millis());
            } else if (!isRunAllowed()) {
                LOG.debug("Routing of event {} was cut short by shutdown; it is routed after the restart", event.id());
            } else {
                LOG.warn("Route of source '{}' failed for event {} (tried again in a minute): {}", source, event.id(), failure.getMessage());
                events.markRouteFailed(event.id(), clock.millis(), String.valueOf(failure.getMessage()));
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
