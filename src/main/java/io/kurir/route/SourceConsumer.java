package io.kurir.route;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
    private static final long STOP_WAIT_SECONDS = 30;

    private final String source;
    private final EventRouter router;
    private final RoutingMeters meters;
    private final Runnable onRemoved;
    private final AtomicInteger running = new AtomicInteger();

    /** @param onRemoved told when the route is removed for good (a reload replaces it), so another may read the source */
    SourceConsumer(KurirEndpoint endpoint, Processor processor, String source, EventRouter router, RoutingMeters meters,
                   Runnable onRemoved) {
        super(endpoint, processor);
        this.source = source;
        this.router = router;
        this.meters = meters;
        this.onRemoved = onRemoved;
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

    /**
     * Lets the routes already running finish first: Camel stops the route's steps right after its
     * consumer, and a run cut short there would have done part of its work and be run again.
     */
    @Override
    protected void doStop() throws Exception {
        router.unregister(source, this);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STOP_WAIT_SECONDS);
        while (running.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        if (running.get() > 0) {
            LOG.warn("{} runs of the route of source '{}' did not end within {} s of its stop; their events are routed again",
                    running.get(), source, STOP_WAIT_SECONDS);
        }
        super.doStop();
    }

    @Override
    protected void doShutdown() throws Exception {
        onRemoved.run();
        super.doShutdown();
    }

    /**
     * Runs the route for one event: what it decided, to be recorded by the caller, or nothing when
     * stopping (the event stays `received` and is routed after the restart).
     */
    Optional<Routed> route(StoredEvent event) {
        // counted before the check, so that a stop seeing none running sees no run about to start either
        running.incrementAndGet();
        try {
            if (!isRunAllowed()) {
                return Optional.empty();
            }
            try (LogFields fields = LogFields.of(LogFields.EVENT_ID, event.id(), LogFields.SOURCE, source)) {
                return runRoute(event);
            }
        } finally {
            running.decrementAndGet();
        }
    }

    /**
     * Runs the route for a sample that was not stored: what it decided, never recorded, and the sends
     * it would have made (skipped, see {@link RouteDefaults}). Not counted in the routing meters.
     */
    DryRun.Result dryRun(StoredEvent event) {
        Exchange exchange = createExchange(false);
        RouteDecision decision = new RouteDecision(event.id(), event.receivedAt());
        DryRun dryRun = new DryRun();
        try {
            EventHeaders.fill(exchange, event);
            exchange.setProperty(RouteDecision.PROPERTY, decision);
            exchange.setProperty(DryRun.PROPERTY, dryRun);
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        try {
            Exception failure = exchange.getException();
            // closes the decision either way: a destination reached later (a wireTap) fails as in a real run
            Routed routed = failure == null ? decision.routed() : decision.failed(String.valueOf(failure.getMessage()));
            return new DryRun.Result(getRouteId(), failure == null, routed.destinations(), dryRun.skipped(),
                    failure == null ? null : String.valueOf(failure.getMessage()));
        } finally {
            releaseExchange(exchange, false);
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
