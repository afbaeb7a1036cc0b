package io.kurir.route;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.kurir.ConfigurationError;
import io.kurir.Settings;
import io.kurir.deliver.CircuitBreaker;
import io.kurir.deliver.ForwardedHeaders;
import io.kurir.deliver.RetryPolicy;
import io.kurir.fleet.Heartbeat;
import io.kurir.observe.DeliveryMeters;
import io.kurir.observe.RoutingMeters;
import io.kurir.store.DeliveryStore;
import io.kurir.store.KeyOrder;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultComponent;

/**
 * The `kurir:` component that YAML routes are written against:
 * `kurir:source:<name>` (stored events of a source) and `kurir:destination:<name>` (durable,
 * retried deliveries to a destination).
 */
public final class KurirComponent extends DefaultComponent {

    private final Settings settings;
    private final DeliveryStore deliveries;
    private final EventRouter router;
    private final DeliveryScheduler scheduler;
    private final Heartbeat heartbeat;
    private final Clock clock;
    private final Set<String> sourcesWithRoute = ConcurrentHashMap.newKeySet();
    private final MeterRegistry meters;
    private final DeliveryMeters deliveryMeters;

    public KurirComponent(Settings settings, DeliveryStore deliveries, EventRouter router,
                          DeliveryScheduler scheduler, Heartbeat heartbeat, Clock clock, MeterRegistry meters) {
        this.settings = settings;
        this.deliveries = deliveries;
        this.router = router;
        this.scheduler = scheduler;
        this.heartbeat = heartbeat;
        this.clock = clock;
        this.meters = meters;
        this.deliveryMeters = new DeliveryMeters(meters, clock);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        String[] parts = remaining.split(":", 2);
        if (parts.length != 2 || parts[1].isBlank() || !(parts[0].equals("source") || parts[0].equals("destination"))) {
            throw new IllegalArgumentException("kurir endpoints are kurir:source:<name> or kurir:destination:<name>, not " + uri);
        }
        boolean source = parts[0].equals("source");
        if (source && !settings.namesWith("kurir.source", "verify").contains(parts[1])) {
            String verify = "kurir.source." + parts[1] + ".verify";
            throw new ConfigurationError("kurir:source:" + parts[1] + " is not a configured source (" + verify + " is not set; sources: "
                    + String.join(", ", settings.namesWith("kurir.source", "verify")) + "): set " + Settings.envName(verify)
                    + " or fix the route");
        }
        return new KurirEndpoint(uri, this, source, parts[1]);
    }

    SourceConsumer sourceConsumer(KurirEndpoint endpoint, Processor processor) {
        // said while the routes are built (and by --check), not once some have started
        if (!sourcesWithRoute.add(endpoint.name())) {
            throw new ConfigurationError("two routes start from kurir:source:" + endpoint.name() + "; keep one");
        }
        return new SourceConsumer(endpoint, processor, endpoint.name(), router, new RoutingMeters(meters, endpoint.name()),
                () -> sourcesWithRoute.remove(endpoint.name()));
    }

    DestinationConsumer destinationConsumer(KurirEndpoint endpoint, Processor processor) {
        String name = endpoint.name();
        String prefix = "kurir.destination." + name + ".";
        CircuitBreaker breaker = new CircuitBreaker((int) settings.getLong(prefix + "breaker.failures", "kurir.deliver.breaker.failures", 5),
                settings.getLong(prefix + "breaker.open", "kurir.deliver.breaker.open", 30_000));
        return new DestinationConsumer(endpoint, processor, name, deliveries, scheduler, heartbeat,
                RetryPolicy.forDestination(settings, name), breaker, deliveryMeters.destination(name, breaker), clock,
                (int) settings.getLong(prefix + "concurrency", "kurir.deliver.concurrency", 4),
                settings.getLong("kurir.deliver.poll-interval", 1000),
                settings.getLong(prefix + "lease", "kurir.deliver.lease", 120_000),
                (int) settings.getLong(prefix + "batch", "kurir.deliver.batch", 32),
                ForwardedHeaders.forDestination(settings, name), keyOrder(name));
    }

    DestinationProducer destinationProducer(KurirEndpoint endpoint) {
        String name = endpoint.name();
        String prefix = "kurir.destination." + name + ".";
        keyOrder(name); // a wrong order-after-dead is said while the routes are built, by whichever side comes first
        return new DestinationProducer(endpoint, name, orderKey(name));
    }

    /** The destination's ordering key, compiled; null when it declares none. */
    private OrderKey orderKey(String name) {
        String prefix = "kurir.destination." + name + ".";
        return settings.get(prefix + "order-key").map(text -> OrderKey.of(getCamelContext(), prefix + "order-key", text)).orElse(null);
    }

    /**
     * Whether, and how, a destination's deliveries are ordered per key. Compiles the key's expression
     * too, so that a wrong one is said while the routes are built (and by --check), not at the first event.
     */
    private KeyOrder keyOrder(String name) {
        String prefix = "kurir.destination." + name + ".";
        boolean keyed = orderKey(name) != null;
        java.util.Optional<String> afterDead = settings.get(prefix + "order-after-dead");
        if (afterDead.isPresent() && !keyed) {
            throw new ConfigurationError(prefix + "order-after-dead is set but " + prefix + "order-key is not: set both, or neither");
        }
        String policy = afterDead.orElse("release");
        return switch (policy) {
            case "release" -> keyed ? KeyOrder.RELEASE_AFTER_DEAD : KeyOrder.NONE;
            case "block" -> KeyOrder.BLOCK_AFTER_DEAD;
            default -> throw new ConfigurationError(prefix + "order-after-dead is release or block, not '" + policy + "'");
        };
    }
}
