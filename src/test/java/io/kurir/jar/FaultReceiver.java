package io.kurir.jar;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpServer;

/**
 * The shop back end the fault scenarios deliver to: records the `webhook-id` (the event id, the same
 * on every try) and arrival time of every request, and answers as it is told: 200, 500, or hangs
 * past Kurir's response timeout; stopped, it refuses connections, and starts again on the same port.
 */
final class FaultReceiver implements AutoCloseable {

    enum Mode { OK, FAIL, HANG }

    private final int port;
    private final long hangMillis;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-receiver");
        t.setDaemon(true);
        return t;
    });
    /** Arrival times (ms) of every request, per webhook-id. */
    private final Map<String, List<Long>> arrivals = new ConcurrentHashMap<>();
    /** Ids answered 2xx at least once. */
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final Map<Mode, AtomicLong> requestsByMode = new ConcurrentHashMap<>();
    private final AtomicLong withoutId = new AtomicLong();
    /** Armed by {@link #holdNextNew()}: the first request for an id not seen before hangs, and its id completes it. */
    private final java.util.concurrent.atomic.AtomicReference<java.util.concurrent.CompletableFuture<String>> holdNext =
            new java.util.concurrent.atomic.AtomicReference<>();
    private volatile Mode mode = Mode.OK;
    private HttpServer server;

    FaultReceiver(long hangMillis) throws IOException {
        this.port = RunningJar.freePort();
        this.hangMillis = hangMillis;
        for (Mode m : Mode.values()) {
            requestsByMode.put(m, new AtomicLong());
        }
        start();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/webhooks/shipping";
    }

    void mode(Mode mode) {
        this.mode = mode;
    }

    /**
     * The next request for an id not seen before hangs (for the hang time, then 504) whatever the mode:
     * one delivery held mid-attempt by whichever instance made it. Completes with that id.
     */
    java.util.concurrent.CompletableFuture<String> holdNextNew() {
        java.util.concurrent.CompletableFuture<String> hold = new java.util.concurrent.CompletableFuture<>();
        holdNext.set(hold);
        return hold;
    }

    /** Listens (again) on the same port. */
    synchronized void start() throws IOException {
        if (server != null) {
            return;
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
                break;
            } catch (BindException busy) {
                if (System.currentTimeMillis() > deadline) {
                    throw busy;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.readAllBytes();
            }
            long now = System.currentTimeMillis();
            Mode current = mode;
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            java.util.concurrent.CompletableFuture<String> hold = holdNext.get();
            if (hold != null && id != null && !arrivals.containsKey(id) && holdNext.compareAndSet(hold, null)) {
                current = Mode.HANG;
                hold.complete(id);
            }
            requestsByMode.get(current).incrementAndGet();
            if (id == null) {
                withoutId.incrementAndGet();
            } else {
                arrivals.computeIfAbsent(id, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(now);
            }
            int status = 200;
            if (current == Mode.FAIL) {
                status = 500;
            } else if (current == Mode.HANG) {
                try {
                    Thread.sleep(hangMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // long after the client gave up: whatever this says, the attempt already failed
                status = 504;
            }
            if (status == 200 && id != null) {
                delivered.add(id);
            }
            try {
                exchange.sendResponseHeaders(status, -1);
            } catch (IOException clientGone) {
                // Kurir timed out and closed the connection
            }
            exchange.close();
        });
        server.start();
    }

    /** Stops listening: connections are refused until {@link #start()}. */
    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    Set<String> delivered() {
        return delivered;
    }

    boolean wasDelivered(String id) {
        return delivered.contains(id);
    }

    /**
     * Waits until every id of `acked` was answered 2xx, for at most `drainMillis`, and no longer than
     * `stallMillis` without a new one, nor once `alive` says no gateway is left to deliver; the ids
     * still missing then.
     */
    Set<String> awaitDelivered(Set<String> acked, long drainMillis, long stallMillis, BooleanSupplier alive)
            throws InterruptedException {
        long start = System.currentTimeMillis();
        Set<String> missing = new HashSet<>(acked);
        long lastProgress = start;
        while (true) {
            int before = missing.size();
            missing.removeIf(this::wasDelivered);
            long now = System.currentTimeMillis();
            if (missing.size() < before) {
                lastProgress = now;
            }
            if (missing.isEmpty() || now - start > drainMillis || now - lastProgress > stallMillis || !alive.getAsBoolean()) {
                return missing;
            }
            Thread.sleep(250);
        }
    }

    /** Requests per id, with their arrival times (a copy). */
    Map<String, List<Long>> arrivals() {
        Map<String, List<Long>> copy = new java.util.HashMap<>();
        arrivals.forEach((id, times) -> {
            synchronized (times) {
                copy.put(id, new ArrayList<>(times));
            }
        });
        return copy;
    }

    long requests(Mode mode) {
        return requestsByMode.get(mode).get();
    }

    long requestsWithoutId() {
        return withoutId.get();
    }

    @Override
    public void close() {
        stop();
        threads.shutdownNow();
    }
}
