package io.kurir.observe;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.kurir.deliver.CircuitBreaker;
import io.kurir.store.Delivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Delivery attempts per destination: how many left the delivery `delivered`, `retrying` or `dead`, how
 * long each took, and the state of the destination's circuit breaker (one series per state, 1 for the
 * current one).
 */
public final class DeliveryMeters {

    private final MeterRegistry registry;
    private final Clock clock;
    /** The breaker of each destination's running consumer: a route started again brings a new one. */
    private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public DeliveryMeters(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** The meters of a destination whose consumer starts with this breaker. */
    public Destination destination(String name, CircuitBreaker breaker) {
        if (breakers.put(name, breaker) == null) {
            for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
                Gauge.builder("kurir.circuit.breaker.state", breakers,
                                b -> b.get(name).state(clock.millis()) == state ? 1 : 0)
                        .description("1 for the current state of a destination's circuit breaker (closed, open, half_open), else 0")
                        .tag("destination", name)
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .strongReference(true)
                        .register(registry);
            }
        }
        return new Destination(registry, name);
    }

    /** One destination's attempt meters, kept by its consumer. */
    public static final class Destination {

        private final Counter delivered;
        private final Counter retrying;
        private final Counter dead;
        private final Timer time;

        private Destination(MeterRegistry registry, String destination) {
            delivered = counter(registry, destination, Delivery.DELIVERED);
            retrying = counter(registry, destination, Delivery.RETRYING);
            dead = counter(registry, destination, Delivery.DEAD);
            time = Timer.builder("kurir.delivery.attempt")
                    .description("Time of one delivery attempt: the destination route's run")
                    .tag("destination", destination)
                    .serviceLevelObjectives(Metrics.ATTEMPT_BUCKETS)
                    .register(registry);
        }

        private static Counter counter(MeterRegistry registry, String destination, String outcome) {
            return Counter.builder("kurir.delivery.attempts")
                    .description("Delivery attempts, by destination and what they left the delivery: delivered, retrying or dead")
                    .tag("destination", destination)
                    .tag("outcome", outcome)
                    .register(registry);
        }

        /** An attempt ended after `nanos`, leaving its delivery in `status` (delivered, retrying or dead). */
        public void attempted(String status, long nanos) {
            switch (status) {
                case Delivery.DELIVERED -> delivered.increment();
                case Delivery.RETRYING -> retrying.increment();
                default -> dead.increment();
            }
            time.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
