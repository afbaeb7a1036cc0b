package io.kurir.route;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.kurir.Background;
import io.kurir.deliver.AttemptOutcome;
import io.kurir.deliver.CircuitBreaker;
import io.kurir.deliver.ForwardedHeaders;
import io.kurir.deliver.RetryPolicy;
import io.kurir.fleet.Heartbeat;
import io.kurir.log.LogFields;
import io.kurir.observe.DeliveryMeters;
import io.kurir.store.Attempt;
import io.kurir.store.Delivery;
import io.kurir.store.DeliveryStore;
import io.kurir.store.DueDelivery;
import io.kurir.store.KeyOrder;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `from: kurir:destination:<name>`: leases the destination's due deliveries, `batch` at a time, and
 * runs the route once per attempt, at most `concurrency` at a time, and none while its circuit
 * breaker is open. Whatever
 * the route ends with (an exception, or an HTTP answer outside 2xx) decides the attempt; the retry
 * policy decides what comes next.
 * <p>
 * A destination with an ordering key claims only the first undelivered delivery of each key (by the
 * receipt of their events); the next one of a key is claimed once the attempt writer has committed
 * the outcome of the one before, which wakes this consumer ({@link DeliveryScheduler#attemptsCommitted}).
 */
final class DestinationConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationConsumer.class);

    private final String destination;
    private final DeliveryStore deliveries;
    private final DeliveryScheduler scheduler;
    private final RetryPolicy retry;
    private final CircuitBreaker breaker;
    private final DeliveryMeters.Destination meters;
    private final Clock clock;
    private final int concurrency;
    private final long pollIntervalMillis;
    private final long leaseMillis;
    private final Heartbeat heartbeat;
    /** Leases are this instance's: another instance takes them over only once it is down. */
    private final String owner;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicBoolean pollQueued = new AtomicBoolean();
    private final int batch;
    /**
     * Leases to give back that could not be given back when they were dropped (the store was down, as
     * it often is when the heartbeat lapses): tried again at each poll, else they would hold until
     * their lease runs out. Touched by the poller thread only.
     */
    private final Set<String> toGiveBack = new LinkedHashSet<>();
    /** The same for claims that failed: the lease expiry each stamped on whatever it may have leased. */
    private final Set<Long> claimsToGiveBack = new LinkedHashSet<>();
    /** Leased, not yet started; touched by the poller thread only (and by doStop once it has ended). */
    private final Deque<Taken> taken = new ArrayDeque<>();
    private final ForwardedHeaders forwarded;
    private final KeyOrder keyOrder;
    private ScheduledExecutorService poller;
    private ExecutorService workers;

    DestinationConsumer(KurirEndpoint endpoint, Processor processor, DestinationSettings settings, DeliveryStore deliveries,
                        DeliveryScheduler scheduler, Heartbeat heartbeat, CircuitBreaker breaker, DeliveryMeters.Destination meters,
                        Clock clock, ForwardedHeaders forwarded, KeyOrder keyOrder) {
        super(endpoint, processor);
        this.heartbeat = heartbeat;
        this.owner = heartbeat.id();
        this.destination = endpoint.name();
        this.deliveries = deliveries;
        this.scheduler = scheduler;
        this.retry = settings.retry();
        this.breaker = breaker;
        this.meters = meters;
        this.clock = clock;
        this.concurrency = settings.concurrency();
        this.pollIntervalMillis = settings.pollIntervalMillis();
        this.leaseMillis = settings.leaseMillis();
        this.batch = Math.max(settings.batch(), concurrency);
        this.forwarded = forwarded;
        this.keyOrder = keyOrder;
    }

    boolean ordered() {
        return keyOrder != KeyOrder.NONE;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        var executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        poller = executors.newSingleThreadScheduledExecutor(this, "kurir-deliver-" + destination + "-poll");
        workers = executors.newFixedThreadPool(this, "kurir-deliver-" + destination, concurrency);
        AfterStartup.run(getEndpoint().getCamelContext(), () -> {
            if (isRunAllowed()) {
                scheduler.register(destination, this);
                poller.scheduleWithFixedDelay(this::poll, 0, pollIntervalMillis, TimeUnit.MILLISECONDS);
            }
        });
    }

    @Override
    protected void doStop() throws Exception {
        scheduler.unregister(destination, this);
        var executors = getEndpoint().getCamelContext().getExecutorServiceManager();
        executors.shutdownGraceful(poller);
        // leased but not started: due again at once, for this instance after a restart or for another
        try {
            deliveries.release(taken.stream().map(t -> t.due().delivery().id()).toList(), owner);
        } catch (RuntimeException e) {
            LOG.warn("Could not give back {} leased deliveries of '{}' (they are due again when their lease runs out): {}",
                    taken.size(), destination, e.getMessage());
        }
        taken.clear();
        executors.shutdownGraceful(workers);
        super.doStop();
    }

    void wake() {
        if (poller != null && pollQueued.compareAndSet(false, true)) {
            poller.execute(() -> {
                pollQueued.set(false);
                poll();
            });
        }
    }

    /** On the poller thread only: leases due deliveries a batch at a time and starts them as workers free up. */
    private void poll() {
        Background.lowerPriority();
        try {
            long now = clock.millis();
            if (!isRunAllowed()) {
                return;
            }
            deliveries.recordAgain();
            if (breaker.isOpen(now)) {
                return;
            }
            // leases taken before a lapse of the heartbeat may have been taken over since: start none of them,
            // and give back those still this instance's, so they are due again at once
            List<String> lapsed = taken.stream().filter(t -> !heartbeat.holdsClaims(t.streak()))
                    .map(t -> t.due().delivery().id()).toList();
            if (!lapsed.isEmpty()) {
                taken.removeIf(t -> lapsed.contains(t.due().delivery().id()));
                toGiveBack.addAll(lapsed);
            }
            giveBack();
            if (!heartbeat.holdsClaims(heartbeat.streak())) {
                return;
            }
            // a lease taken long ago may run out before its attempt starts: give it to whoever takes it next
            taken.removeIf(t -> now - t.leasedAt() > leaseMillis / 2 && toGiveBack.add(t.due().delivery().id()));
            // a claim in the very millisecond of one that failed would stamp its leases like the failed one's,
            // and be given back with them while being attempted: it waits for the next poll
            if (taken.isEmpty() && !claimsToGiveBack.contains(now + leaseMillis)) {
                long streak = heartbeat.streak();
                List<DueDelivery> claimed;
                try {
                    claimed = deliveries.claimDue(destination, keyOrder, owner, now, leaseMillis, batch);
                } catch (RuntimeException e) {
                    // the claim may have been committed all the same (its answer lost with the connection):
                    // its leases, stamped with this expiry, are given back once the store answers again
                    claimsToGiveBack.add(now + leaseMillis);
                    throw e;
                }
                for (DueDelivery due : claimed) {
                    taken.add(new Taken(due, now, streak));
                }
            }
            int free = taken.isEmpty() ? 0 : breaker.admit(Math.min(concurrency - running.get(), taken.size()), now);
            for (int i = 0; i < free; i++) {
                DueDelivery delivery = taken.poll().due();
                running.incrementAndGet();
                workers.execute(() -> {
                    Background.lowerPriority();
                    try {
                        attempt(delivery);
                    } finally {
                        running.decrementAndGet();
                        wake();
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not lease deliveries for '{}': {}", destination, e.getMessage());
        }
    }

    private void giveBack() {
        if (!toGiveBack.isEmpty()) {
            deliveries.release(new ArrayList<>(toGiveBack), owner);
            toGiveBack.clear();
        }
        for (java.util.Iterator<Long> claims = claimsToGiveBack.iterator(); claims.hasNext(); ) {
            deliveries.releaseClaim(destination, owner, claims.next());
            claims.remove();
        }
    }

    private record Taken(DueDelivery due, long leasedAt, long streak) {
    }

    /**
     * Waits for the route to finish an attempt, at most half the lease: past that another instance may
     * take the delivery over anyway. An asynchronous producer that never calls back would otherwise hold
     * this worker for good: camel-whatsapp 4.18 does so when the API cannot be reached (its request's
     * failure has no path back to the exchange).
     */
    private void awaitRoute(Exchange exchange, CompletableFuture<Exchange> finished) {
        long limit = leaseMillis / 2;
        try {
            finished.get(limit, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.setException(new TimeoutException("the route did not finish the attempt within " + limit + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.setException(e);
        } catch (ExecutionException e) {
            exchange.setException(e.getCause() instanceof Exception cause ? cause : e);
        }
    }

    /** One attempt, with the delivery's {@link LogFields} on every line logged meanwhile. */
    private void attempt(DueDelivery due) {
        try (LogFields fields = LogFields.of(LogFields.EVENT_ID, due.event().id(), LogFields.SOURCE, due.event().source(),
                LogFields.DESTINATION, destination, LogFields.DELIVERY_ID, due.delivery().id(),
                LogFields.ATTEMPT, Integer.toString(due.delivery().attempts() + 1))) {
            makeAttempt(due);
        }
    }

    private void makeAttempt(DueDelivery due) {
        int number = due.delivery().attempts() + 1;
        Exchange exchange = createExchange(false);
        long startedAt = clock.millis();
        long start = System.nanoTime();
        try {
            EventHeaders.fill(exchange, due.event());
            forwarded.copy(due.event(), exchange.getMessage());
            exchange.getMessage().setHeader(EventHeaders.DELIVERY_ID, due.delivery().id());
            exchange.getMessage().setHeader(EventHeaders.DESTINATION, destination);
            exchange.getMessage().setHeader(EventHeaders.ATTEMPT, number);
            awaitRoute(exchange, getAsyncProcessor().processAsync(exchange));
        } catch (Exception e) {
            exchange.setException(e);
        }
        long durationNanos = System.nanoTime() - start;
        long durationMs = TimeUnit.NANOSECONDS.toMillis(durationNanos);
        try {
            AttemptOutcome outcome = AttemptOutcome.of(exchange);
            breaker.record(outcome.succeeded(), clock.millis());
            RetryPolicy.Next next = retry.after(number, outcome, clock.millis());
            meters.attempted(next.status(), durationNanos);
            deliveries.recordAttempt(due.delivery().id(), destination, owner,
                    new Attempt(number, startedAt, durationMs, outcome.succeeded(), outcome.statusCode(), outcome.responseExcerpt(), outcome.error(), owner),
                    next.status(), next.at(), clock.millis());
            if (next.status().equals(Delivery.DEAD)) {
                // the one line to alert on: nothing more is tried until someone retries or replays it
                LOG.warn("Delivery {} of event {} to '{}' is dead after {} attempts: {}", due.delivery().id(), due.event().id(),
                        destination, number, outcome.error());
            } else if (!outcome.succeeded()) {
                LOG.info("Delivery {} to '{}' failed (attempt {}): {}; now {}", due.delivery().id(), destination, number,
                        outcome.error(), next.status());
            }
        } catch (RuntimeException e) {
            // the lease runs out and the attempt is made again: at least once, never lost
            LOG.warn("Could not record attempt {} of delivery {}: {}", number, due.delivery().id(), e.getMessage());
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
