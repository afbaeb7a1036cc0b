package io.kurir.jar;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A steady stream of signed Biteship `order.waybill_id` webhooks (each body unique: the order id is
 * a counter), paced at `rate` a second from several threads with java.net.http. Every answer is
 * kept with the times it was sent and answered and the request's order id; the ids answered 200
 * `accepted` are the acked ones.
 */
final class FaultLoad implements AutoCloseable {

    /**
     * One request: when it went, when its answer (or failure) came, what it was. status -1: no answer
     * (I/O error). `orderId` is the body's unique `order_id`: it finds the request's event in the
     * store when the answer carries no event id (a 503).
     */
    record Answer(long sentAt, long answeredAt, int status, String body, String eventId, String orderId) {
        boolean acked() {
            return eventId != null;
        }

        boolean storeUnavailable() {
            return status == 503 && body != null && body.contains("\"store_unavailable\"");
        }

        /** The commit lost its connection and the store could not be read in time: the event may have been stored. */
        boolean storeInDoubt() {
            return status == 504 && body != null && body.contains("\"store_in_doubt\"");
        }
    }

    static final String SECRET = "dev-biteship-secret";
    private static final Pattern ACCEPTED = Pattern.compile("\"id\"\\s*:\\s*\"(evt_[^\"]+)\"\\s*,\\s*\"status\"\\s*:\\s*\"(accepted|duplicate)\"");

    private final URI target;
    private final double rate;
    private final int threads;
    private final String run;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
    private final Set<String> acked = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong next = new java.util.concurrent.atomic.AtomicLong();
    private final List<Thread> senders = new ArrayList<>();
    private volatile boolean running;
    private long startNanos;

    FaultLoad(URI target, double rate, int threads, String run) {
        this.target = target;
        this.rate = rate;
        this.threads = threads;
        this.run = run;
    }

    FaultLoad start() {
        running = true;
        startNanos = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread sender = new Thread(this::send, "fault-load-" + t);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
        return this;
    }

    private void send() {
        while (running) {
            long n = next.getAndIncrement();
            // paced: request n leaves at start + n / rate, or at once when the senders are behind
            long due = startNanos + (long) (n * 1_000_000_000L / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!running) {
                return;
            }
            String orderId = run + "-" + n;
            byte[] body = ("{\"event\":\"order.waybill_id\",\"order_id\":\"" + orderId + "\",\"status\":\"allocated\","
                    + "\"courier_waybill_id\":\"WYB-" + run + "-" + n + "\",\"courier_tracking_id\":\"trk-" + n + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Biteship-Signature", SECRET)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            long sentAt = System.currentTimeMillis();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                String id = null;
                if (response.statusCode() == 200) {
                    Matcher m = ACCEPTED.matcher(response.body());
                    if (m.find()) {
                        id = m.group(1);
                        acked.add(id);
                    }
                }
                answers.add(new Answer(sentAt, System.currentTimeMillis(), response.statusCode(), response.body(), id, orderId));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception noAnswer) {
                answers.add(new Answer(sentAt, System.currentTimeMillis(), -1, noAnswer.getClass().getSimpleName(), null, orderId));
                // the gateway is down (killed, restarting): do not spin on refused connections
                LockSupport.parkNanos(20_000_000L);
            }
        }
    }

    /** Stops sending and waits for the requests in flight to be answered. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread sender : senders) {
            sender.join(40_000);
        }
    }

    Set<String> acked() {
        return Set.copyOf(acked);
    }

    List<Answer> answers() {
        return List.copyOf(answers);
    }

    long sent() {
        return answers.size();
    }

    /** Every answer, one line each (times in ms since the epoch), for looking into a run afterwards. */
    void writeCsv(java.nio.file.Path file) throws java.io.IOException {
        java.nio.file.Files.createDirectories(file.getParent());
        List<String> lines = new ArrayList<>();
        lines.add("sent_at,answered_at,status,event_id,order_id,answer");
        answers().stream().sorted(java.util.Comparator.comparingLong(Answer::sentAt)).forEach(a -> lines.add(a.sentAt() + ","
                + a.answeredAt() + "," + a.status() + "," + (a.eventId() == null ? "" : a.eventId()) + "," + a.orderId() + ","
                + (a.body() == null ? "" : a.body().replaceAll("[\\r\\n,]", " "))));
        java.nio.file.Files.write(file, lines);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
