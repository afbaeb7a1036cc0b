package io.kurir.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import io.kurir.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where ingest stores each accepted event. Appends are group-committed by the store's writer: every
 * event that arrived while the previous commit ran is stored in the next one, so concurrent webhooks
 * share one commit instead of each paying for its own.
 */
public final class EventLog {

    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    static final String COLUMNS =
            "id, source, idempotency_key, event_type, environment, status, received_at, content_type, headers, labels, body, routed_at, route_error, test";
    private static final String INSERT = "INSERT INTO events (" + COLUMNS + ", stored_by, route_owner) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?) ON CONFLICT DO NOTHING";

    private final Store store;
    /** This instance: it stores, and so routes, the events it is sent. */
    private final String owner;
    private volatile Consumer<StoredEvent> stored;

    /** @param owner this instance's id ({@link io.kurir.fleet.Heartbeat}) */
    public EventLog(Store store, String owner) {
        this.store = store;
        this.owner = owner;
    }

    /**
     * Completes once the event is committed (or found to be a duplicate); fails with {@link StoreUnavailable}
     * when it was not stored and never will be (but for a COMMIT whose acknowledgement the connection lost:
     * {@link StoreInDoubt}), by `deadlineNanos` (System.nanoTime()) unless a commit outlasts its bound.
     */
    public CompletableFuture<Appended> append(StoredEvent event, long deadlineNanos) {
        CompletableFuture<Appended> appended = store.events().submit(StoreWriter.Kind.EVENT, tx -> insert(tx, event), deadlineNanos,
                tx -> isStored(tx, event.id()));
        Consumer<StoredEvent> listener = stored;
        if (listener != null) {
            // on the writer's thread, before the commit's listeners are told
            appended.thenAccept(outcome -> {
                if (!outcome.duplicate()) {
                    listener.accept(event);
                }
            });
        }
        return appended.exceptionallyCompose(e -> CompletableFuture.failedFuture(notStored(event, e)));
    }

    /** Given each new event once it is committed, on the writer's thread; it must not block. */
    public void onStored(Consumer<StoredEvent> listener) {
        stored = listener;
    }

    /** Runs `listener` on the writer's thread after each commit that held events; it must not block. */
    public void onCommitted(Runnable listener) {
        store.events().onCommitted(counts -> {
            if (counts.containsKey(StoreWriter.Kind.EVENT)) {
                listener.run();
            }
        });
    }

    private Appended insert(Tx tx, StoredEvent e) throws SQLException {
        PreparedStatement insert = tx.prepare(INSERT);
        insert.setString(1, e.id());
        insert.setString(2, e.source());
        insert.setString(3, column(e.idempotencyKey(), 200));
        insert.setString(4, column(e.type(), 200));
        insert.setString(5, e.environment());
        insert.setString(6, StoredEvent.RECEIVED);
        insert.setLong(7, e.receivedAt());
        insert.setString(8, column(e.contentType(), 200));
        insert.setString(9, Json.write(e.headers()));
        insert.setString(10, Json.write(e.labels()));
        insert.setBytes(11, e.body());
        insert.setBoolean(12, e.test());
        // this instance routes what it stored; others take it over only once it is down
        insert.setString(13, owner);
        insert.setString(14, owner);
        return insert.executeUpdate() == 0 ? new Appended(existingId(tx, e), true) : new Appended(e.id(), false);
    }

    private static boolean isStored(Tx tx, String id) throws SQLException {
        return !Sql.rows(tx.prepare("SELECT 1 FROM events WHERE id = ?"), List.of(id), rs -> true).isEmpty();
    }

    private static String existingId(Tx tx, StoredEvent event) throws SQLException {
        List<String> found = Sql.rows(tx.prepareForCurrentSizes("SELECT id FROM events WHERE source = ? AND idempotency_key = ?"),
                List.of(event.source(), column(event.idempotencyKey(), 200)), rs -> rs.getString(1));
        if (found.isEmpty()) {
            throw new IllegalStateException("insert of " + event.id() + " conflicted on its id, not on its key");
        }
        return found.get(0);
    }

    private static RuntimeException notStored(StoredEvent event, Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        RuntimeException failure = cause instanceof StoreUnavailable || cause instanceof StoreInDoubt ? (RuntimeException) cause
                : cause instanceof SQLException sql ? StoreUnavailable.of("commit an event", sql)
                : new StoreUnavailable("the event writer failed", cause);
        LOG.warn("Could not store an event of source '{}': {}", event.source(), failure.getMessage());
        return failure;
    }

    /** Fits a sender-chosen value to its column: PostgreSQL refuses NUL characters and over-long text. */
    static String column(String value, int max) {
        if (value == null) {
            return null;
        }
        String clean = value.replace("\u0000", "");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
