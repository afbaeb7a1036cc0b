package io.kurir.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;

/** A real HTTP server standing in for a CRM or shop back end: records requests, answers as scripted. */
public final class Downstream implements AutoCloseable {

    public record Received(String path, Headers headers, byte[] body, long atMillis) {
        public String header(String name) {
            return headers.getFirst(name);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer ok() {
            return new Answer(200, Map.of(), "{\"received\":true}");
        }

        public static Answer status(int status, String body) {
            return new Answer(status, Map.of(), body);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Received> all = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final Map<String, ConcurrentLinkedQueue<Answer>> scriptsByMarker = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Answer otherwise = Answer.ok();

    public Downstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Received r = new Received(exchange.getRequestURI().getPath(), exchange.getRequestHeaders(), body, System.currentTimeMillis());
            received.add(r);
            all.add(r);
            Answer answer = scripted(r);
            if (answer == null) {
                answer = otherwise;
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = answer.body().getBytes();
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next answers, in order; after them `otherwise` (200 by default). */
    public Downstream answer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /**
     * The next answers to requests whose body contains `marker`, in order: a test scripts its own
     * event's answers, whatever else reaches the server meanwhile.
     */
    public Downstream answerFor(String marker, Answer... answers) {
        scriptsByMarker.computeIfAbsent(marker, m -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
        return this;
    }

    private Answer scripted(Received request) {
        String text = request.text();
        for (Map.Entry<String, ConcurrentLinkedQueue<Answer>> entry : scriptsByMarker.entrySet()) {
            if (text.contains(entry.getKey())) {
                Answer answer = entry.getValue().poll();
                if (answer != null) {
                    return answer;
                }
            }
        }
        return script.poll();
    }

    public Downstream otherwise(Answer answer) {
        otherwise = answer;
        return this;
    }

    public Received next() throws InterruptedException {
        return next(java.time.Duration.ofSeconds(10));
    }

    public Received next(java.time.Duration within) throws InterruptedException {
        Received r = received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("the downstream received nothing within " + within);
        }
        return r;
    }

    /** The next request that matches, skipping others (left over from an earlier test, say). */
    public Received next(java.util.function.Predicate<Received> matching) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Received r = received.poll(100, TimeUnit.MILLISECONDS);
            if (r != null && matching.test(r)) {
                return r;
            }
        }
        throw new AssertionError("the downstream received no matching request within 10 s");
    }

    /** Every request so far that matches. */
    public List<Received> all(java.util.function.Predicate<Received> matching) {
        return all.stream().filter(matching).toList();
    }

    public List<Received> all() {
        return all;
    }

    public void reset() {
        received.clear();
        all.clear();
        script.clear();
        scriptsByMarker.clear();
        otherwise = Answer.ok();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
