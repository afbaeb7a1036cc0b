package io.kurir.route;

import java.util.Optional;

import io.kurir.log.LogFields;
import io.kurir.observe.RoutingMeters;
import io.kurir.store.Routed;
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
    private final RoutingMeters meters;

    SourceConsumer(KurirEndpoint endpoint, Processor processor, String source, EventRouter router, RoutingMeters meters) {
        super(endpoint, processor);
        this.source = source;
        this.router = router;
        this.meters = meters;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        AfterStartup.run(getEndpoint().getCamelContext(), () -> {
            if (isRunAllowed()) {
                router.register(source, this);
            }
        });
    }

    @Override
    protected void doStop() throws Exception {
        router.unregister(source, this);
        super.doStop();
    }

    /**
     * Runs the route for one event: what it decided, to be recorded by the caller, or nothing when
     * stopping (the event stays `received` and is routed after the restart).
     */
    Optional<Routed> route(StoredEvent event) {
        if (!isRunAllowed()) {
            return Optional.empty();
        }
        try (LogFields fields = LogFields.of(LogFields.EVENT_ID, event.id(), LogFields.SOURCE, source)) {
            return runRoute(event);
        }
    }

    private Optional<Routed> runRoute(StoredEvent event) {
        Exchange exchange = createExchange(false);
        RouteDecision decision = new RouteDecision(event.id(), event.receivedAt());
        try {
            EventHeaders.fill(exchange, event);
            exchange.setProperty(RouteDecision.PROPERTY, decision);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        try {
            if (failure == null) {
                Routed routed = decision.routed();
                meters.routed(routed.destinations().size());
                return Optional.of(routed);
            }
            if (!isRunAllowed()) {
                LOG.debug("Routing of event {} was cut short by shutdown; it is routed after the restart", event.id());
                return Optional.empty();
            }
            LOG.warn("Route of source '{}' failed for event {} (tried again in a minute): {}", source, event.id(), failure.getMessage());
            meters.failed();
            return Optional.of(decision.failed(String.valueOf(failure.getMessage())));
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
