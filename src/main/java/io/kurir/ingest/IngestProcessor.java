package io.kurir.ingest;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.kurir.Json;
import io.kurir.log.LogFields;
import io.kurir.observe.WebhookMeters;
import io.kurir.route.Labels;
import io.kurir.store.Appended;
import io.kurir.store.EventLog;
import io.kurir.store.Ids;
import io.kurir.store.StoreUnavailable;
import io.kurir.store.StoredEvent;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.VerificationFailed;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.AsyncProcessorSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook from bytes to a stored event: read, verify, check the body, store, answer. The 200
 * is only written after the store has committed. It runs on the event loop and never blocks it: the
 * body and the commit are awaited with callbacks (see {@link EventLoopHttpConsumer}).
 */
public final class IngestProcessor extends AsyncProcessorSupport {

    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);
    private static final int MAX_TYPE_LENGTH = 200;
    private static final String PATH = "/hooks/";
    /** Bodies up to this size are verified and inspected on the event loop; larger ones on a worker thread. */
    private static final int CHECKED_ON_EVENT_LOOP_BYTES = 64 * 1024;

    private final Sources sources;
    private final EventLog events;
    private final IngestStats stats;
    private final WebhookMeters meters;
    private final IngestSettings settings;
    private final BodyBudget bodies;
    private final Clock clock;
    private final RefusalLog refusals;

    public IngestProcessor(Sources sources, EventLog events, IngestStats stats, WebhookMeters meters, IngestSettings settings,
                           Clock clock) {
        this.sources = sources;
        this.events = events;
        this.stats = stats;
        this.meters = meters;
        this.settings = settings;
        this.bodies = new BodyBudget(settings.maxBytesInFlight());
        this.clock = clock;
        this.refusals = new RefusalLog(sources);
    }

    /** A webhook that was not refused: its outcome for the meters (accepted, duplicate, probe) and its answer. */
    private record Accepted(String outcome, String json) {
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        long started = System.nanoTime();
        Message message = exchange.getMessage();
        HttpServerRequest request = message.getBody(HttpServerRequest.class);
        long reserved = 0;
        try {
            OnEventLoop eventLoop = OnEventLoop.current();
            reserved = reserveBody(request);
            long held = reserved;
            RawBody.read(request, settings.maxBodyBytes(), settings.readTimeoutMillis())
                    .thenCompose(body -> unlessRefused(() -> ingest(request, body, eventLoop)))
                    .whenCompleteAsync((accepted, failure) -> {
                        try {
                            bodies.release(held);
                            answer(exchange, request, accepted, failure, started);
                        } finally {
                            callback.done(false);
                        }
                    }, eventLoop);
            return false;
        } catch (IngestError e) {
            // refused before the body was read: too many bodies in flight, or a broken Content-Length
            bodies.release(reserved);
            refuse(message, request, e);
            meters.answered(sourceName(request), e.code(), e.status(), System.nanoTime() - started);
        } catch (RuntimeException e) {
            bodies.release(reserved);
            exchange.setException(e);
            meters.answered(sourceName(request), "error", 500, System.nanoTime() - started);
        }
        callback.done(true);
        return true;
    }

    private void answer(Exchange exchange, HttpServerRequest request, Accepted accepted, Throwable failure, long started) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        String outcome;
        int status;
        if (cause == null) {
            answer(exchange.getMessage(), 200, accepted.json(), false);
            outcome = accepted.outcome();
            status = 200;
        } else if (cause instanceof IngestError refused) {
            refuse(exchange.getMessage(), request, refused);
            outcome = refused.code();
            status = refused.status();
        } else {
            exchange.setException(cause instanceof Exception e ? e : new IllegalStateException(cause));
            outcome = "error";
            status = 500;
        }
        meters.answered(sourceName(request), outcome, status, System.nanoTime() - started);
    }

    /** The source a request's path names, configured or not: from the path itself, not from headers a sender could set. */
    private static String sourceName(HttpServerRequest request) {
        String path = request == null ? "" : request.path();
        return path.startsWith(PATH) ? path.substring(PATH.length()) : "";
    }

    private void refuse(Message message, HttpServerRequest request, IngestError e) {
        refusals.refused(request, sourceName(request), e);
        // a body may still be arriving: close rather than read it (a sender still sending may then see the
        // connection reset instead of this answer; it retries either way)
        answer(message, e.status(), Json.write(Map.of("error", e.code(), "message", e.getMessage())),
                e.status() == 413 || e.status() == 408 || e.code().equals("busy"));
    }

    /** Holds room for the body (its declared length, else the limit) until the answer; 503 when there is none. */
    private long reserveBody(HttpServerRequest request) throws IngestError {
        long declared = RawBody.declaredLength(request);
        long size = declared < 0 ? settings.maxBodyBytes() : Math.min(declared, settings.maxBodyBytes());
        if (!bodies.reserve(size)) {
            throw new IngestError(503, "busy", "too many webhook bodies are being received at once; retry later");
        }
        return size;
    }

    private CompletableFuture<Accepted> ingest(HttpServerRequest request, byte[] body, OnEventLoop eventLoop) throws IngestError {
        if (request.method() != HttpMethod.POST) {
            throw new IngestError(405, "method_not_allowed", "webhooks are sent with POST");
        }
        String name = sourceName(request);
        Source source = sources.find(name).orElseThrow(() -> new IngestError(404, "unknown_source",
                "no source named '" + Json.printable(name) + "' is configured"));
        if (body.length <= CHECKED_ON_EVENT_LOOP_BYTES) {
            return verifiedAndStored(source, request, body);
        }
        // hashing and parsing a large body would hold up every other connection of the loop
        return eventLoop.vertx().executeBlocking(() -> verifiedAndStored(source, request, body), false)
                .toCompletionStage().toCompletableFuture()
                .thenCompose(stored -> stored);
    }

    /**
     * Completes with the answer once the event is committed, or at once for a probe or a handshake (not
     * stored); or fails with a refusal (counted for the source).
     */
    private CompletableFuture<Accepted> verifiedAndStored(Source source, HttpServerRequest request, byte[] body) {
        MultiMap headers = request.headers();
        try {
            if (!source.admits()) {
                throw new IngestError(429, "rate_limited", "source '" + source.name() + "' sends faster than its rate limit; retry later");
            }
            Function<String, String> header = headers::get;
            Optional<String> probe = source.provider().probe(body, header);
            if (probe.isPresent()) {
                return CompletableFuture.completedFuture(new Accepted("probe", probe.get()));
            }
            Map<String, String> query = query(request.uri());
            try {
                source.verifier().verify(new SignedRequest(body, header, query, () -> settings.publicUrl().of(request), clock.instant()));
            } catch (VerificationFailed e) {
                String code = e.reason() == VerificationFailed.Reason.STALE_TIMESTAMP ? "stale_timestamp" : "invalid_signature";
                throw new IngestError(401, code, e.getMessage());
            }
            Inbound inbound = inspect(body, header);
            Optional<String> handshake = source.provider().handshake(inbound);
            if (handshake.isPresent()) {
                return CompletableFuture.completedFuture(new Accepted("handshake", handshake.get()));
            }
            return store(source, inbound, maskedHeaders(source, headers), labels(source, query), false)
                    .thenApply(stored -> {
                        logStored(source, stored);
                        String outcome = stored.duplicate() ? "duplicate" : "accepted";
                        return new Accepted(outcome, "{\"id\":\"" + stored.id() + "\",\"status\":\"" + outcome + "\"}");
                    });
        } catch (IngestError e) {
            stats.refused(source.name(), e.code() + ": " + e.getMessage(), clock.millis());
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Checks the body against its Content-Type (400 or 415 when it is not what it says). */
    private static Inbound inspect(byte[] body, Function<String, String> header) throws IngestError {
        String contentType = header.apply("Content-Type");
        return new Inbound(body, header, Payload.inspect(MediaKind.of(contentType), body, contentType));
    }

    /** A line per webhook only when asked for (KURIR_LOG_LEVEL=debug): at INFO the busy path writes none. */
    private static void logStored(Source source, Appended stored) {
        if (LOG.isDebugEnabled()) {
            try (LogFields fields = LogFields.of(LogFields.EVENT_ID, stored.id(), LogFields.SOURCE, source.name())) {
                LOG.debug("Webhook {} as event {}", stored.duplicate() ? "was a duplicate" : "stored", stored.id());
            }
        }
    }

    /** The event type Kurir would see in this body from this source. */
    public String eventType(Source source, byte[] body, Function<String, String> header) throws IngestError {
        return truncate(Normaliser.eventType(source, inspect(body, header)));
    }

    /**
     * A webhook as Kurir would take it in, for a dry run: the body checked against its Content-Type and
     * its size limit (the same refusals as a real one), type, idempotency key and labels derived, but
     * no signature verified, no rate limit spent, nothing stored and no refusal counted.
     *
     * @return the event a real webhook would have become (never stored), or the answer to a probe or a
     *         handshake, which are answered without being stored
     */
    public DryRunSample dryRun(Source source, byte[] body, Function<String, String> header, Map<String, String> query,
                               Map<String, String> headers) throws IngestError {
        if (body.length > settings.maxBodyBytes()) {
            throw RawBody.tooLarge(settings.maxBodyBytes());
        }
        Optional<String> probe = source.provider().probe(body, header);
        if (probe.isPresent()) {
            return new DryRunSample(null, "probe", probe.get());
        }
        Inbound inbound = inspect(body, header);
        Optional<String> handshake = source.provider().handshake(inbound);
        if (handshake.isPresent()) {
            return new DryRunSample(null, "handshake", handshake.get());
        }
        long now = clock.millis();
        Map<String, String> masked = new LinkedHashMap<>();
        headers.forEach((name, value) -> masked.put(name, source.secretHeaders().contains(name.toLowerCase(Locale.ROOT)) ? "***" : value));
        StoredEvent event = new StoredEvent(
                Ids.next("try", now), source.name(), Normaliser.idempotencyKey(source, inbound),
                truncate(Normaliser.eventType(source, inbound)), source.environment(), StoredEvent.RECEIVED, now,
                inbound.header("Content-Type"), masked, labels(source, query), inbound.body(), null, null, true, null, null);
        return new DryRunSample(event, null, null);
    }

    /** What {@link #dryRun} made of a sample: an event to route, or the answer Kurir gives without storing. */
    public record DryRunSample(StoredEvent event, String answeredAs, String answer) {
    }

    /** Stores a test event (nothing to verify) and waits for the commit. */
    public Appended acceptTest(Source source, byte[] body, Function<String, String> header, Map<String, String> storedHeaders)
            throws IngestError {
        try {
            return store(source, inspect(body, header), storedHeaders, Map.of(), true).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IngestError refused ? refused : unavailable();
        }
    }

    /**
     * Derives type and idempotency key, and hands the event to the group commit: completes once it is
     * committed, fails with a 503 IngestError once the writer has found it cannot be (by the store
     * timeout: the writer starts no commit that could not end by then).
     */
    private CompletableFuture<Appended> store(Source source, Inbound inbound, Map<String, String> storedHeaders,
                                              Map<String, String> labels, boolean test) {
        long now = clock.millis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.storeTimeoutMillis());
        StoredEvent event = new StoredEvent(
                Ids.next("evt", now), source.name(), Normaliser.idempotencyKey(source, inbound),
                truncate(Normaliser.eventType(source, inbound)), source.environment(), StoredEvent.RECEIVED, now,
                inbound.header("Content-Type"), storedHeaders, labels, inbound.body(), null, null, test, null, null);
        // Only the writer knows whether the event was stored: a backstop, well after its own bound, in case a
        // commit hangs past it; the event may still be committed then, so its answer does not say "not stored".
        return events.append(event, deadline)
                .orTimeout(2 * settings.storeTimeoutMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        (e instanceof CompletionException ? e.getCause() : e) instanceof StoreUnavailable ? unavailable() : inDoubt()));
    }

    /** A step that may refuse the webhook, as a future that fails with the refusal. */
    private interface Step<T> {
        CompletableFuture<T> run() throws IngestError;
    }

    private static <T> CompletableFuture<T> unlessRefused(Step<T> step) {
        try {
            return step.run();
        } catch (IngestError e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The URL's own query parameters (request.params() would add the path's {source}). */
    private static Map<String, String> query(String uri) {
        Map<String, String> query = new LinkedHashMap<>();
        new QueryStringDecoder(uri).parameters().forEach((name, values) -> query.put(name, values.get(0)));
        return query;
    }

    /** The query parameters that may be labels, never the source's token. */
    private static Map<String, String> labels(Source source, Map<String, String> query) {
        Map<String, String> labels = Labels.of(query);
        if (source.secretQuery() != null) {
            labels.remove(source.secretQuery());
        }
        return labels;
    }

    private static Map<String, String> maskedHeaders(Source source, MultiMap headers) {
        Map<String, String> stored = new LinkedHashMap<>();
        for (String name : headers.names()) {
            boolean secret = source.secretHeaders().contains(name.toLowerCase(Locale.ROOT));
            stored.put(name, secret ? "***" : String.join(", ", headers.getAll(name)));
        }
        return stored;
    }

    private static String truncate(String type) {
        return type.length() <= MAX_TYPE_LENGTH ? type : type.substring(0, MAX_TYPE_LENGTH);
    }

    /** The event was not stored, and never will be. */
    private static IngestError unavailable() {
        return new IngestError(503, "store_unavailable", "the event store is unavailable; retry later");
    }

    private static IngestError inDoubt() {
        return new IngestError(504, "store_in_doubt", "the event store did not confirm the commit in time: the event may "
                + "have been stored; retry later (the same webhook again is answered as a duplicate if it was)");
    }

    /** Replaces every request header so none is echoed back to the sender. */
    private static void answer(Message message, int status, String json, boolean close) {
        message.getHeaders().clear();
        if (close) {
            message.setHeader("Connection", "close");
        }
        if (status == 429 || status == 503 || status == 504) {
            message.setHeader("Retry-After", "1");
        }
        if (status == 405) {
            message.setHeader("Allow", "POST");
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json);
    }
}
