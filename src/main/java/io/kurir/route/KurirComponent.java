package io.kurir.route;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.kurir.ConfigurationError;
import io.kurir.Setting;
import io.kurir.Settings;
import io.kurir.deliver.CircuitBreaker;
import io.kurir.deliver.ForwardedHeaders;
import io.kurir.fleet.Heartbeat;
import io.kurir.ingest.Sources;
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

    public static final Setting<String> ORDER_KEY = Setting.unset("kurir.destination.<name>.order-key", "none (unordered)",
            "a Camel expression giving each delivery to the destination a key: Simple when it holds `${…}` (`${jsonpath($.order_id)}`, "
                    + "`${header.kurirSource}-${jsonpath($.id)}`), JSONPath when it starts with `$` (`$.order_id`)");
    public static final Setting<String> ORDER_AFTER_DEAD = Setting.ofString("kurir.destination.<name>.order-after-dead", "release",
            "`release`: a `dead` delivery lets the later ones of its key go; `block`: they wait until it is retried and delivered");

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
            String verify = Sources.VERIFY.of(parts[1]).key();
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
        DestinationSettings destination = DestinationSettings.from(settings, name);
        CircuitBreaker breaker = new CircuitBreaker(destination.breakerFailures(), destination.breakerOpenMillis());
        return new DestinationConsumer(endpoint, processor, destination, deliveries, scheduler, heartbeat, breaker,
                deliveryMeters.destination(name, breaker), clock, ForwardedHeaders.forDestination(settings, name), keyOrder(name));
    }

    DestinationProducer destinationProducer(KurirEndpoint endpoint) {
        String name = endpoint.name();
        keyOrder(name); // a wrong order-after-dead is said while the routes are built, by whichever side comes first
        return new DestinationProducer(endpoint, name, orderKey(name));
    }

    /** The destination's ordering key, compiled; null when it declares none. */
    private OrderKey orderKey(String name) {
        String key = ORDER_KEY.of(name).key();
        return settings.get(key).map(text -> OrderKey.of(getCamelContext(), key, text)).orElse(null);
    }

    /**
     * Whether, and how, a destination's deliveries are ordered per key. Compiles the key's expression
     * too, so that a wrong one is said while the routes are built (and by --check), not at the first event.
     */
    private KeyOrder keyOrder(String name) {
        boolean keyed = orderKey(name) != null;
        String key = ORDER_AFTER_DEAD.of(name).key();
        Optional<String> afterDead = settings.get(key);
        if (afterDead.isPresent() && !keyed) {
            throw new ConfigurationError(key + " is set but " + ORDER_KEY.of(name).key() + " is not: set both, or neither");
        }
        String policy = afterDead.orElse(ORDER_AFTER_DEAD.defaultValue());
        return switch (policy) {
            case "release" -> keyed ? KeyOrder.RELEASE_AFTER_DEAD : KeyOrder.NONE;
            case "block" -> KeyOrder.BLOCK_AFTER_DEAD;
            default -> throw new ConfigurationError(key + " is release or block, not '" + policy + "'");
        };
    }
}
