package io.kurir.ingest;

import java.util.concurrent.CompletableFuture;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads the exact bytes of a request body, up to a limit. The hook endpoint runs without Vert.x's
 * body handler because that one decodes form posts into fields and loses the bytes the signature
 * was computed over; the price is enforcing the size limit here.
 */
final class RawBody {

    private static final long DRAIN_FACTOR = 16;

    private RawBody() {
    }

    /**
     * Called on the event loop: completes there once the whole body has arrived, or fails with an
     * {@link IngestError} (too large, too slow, broken off).
     */
    static CompletableFuture<byte[]> read(HttpServerRequest request, long maxBytes, long timeoutMillis) {
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        long length;
        try {
            length = declaredLength(request);
        } catch (IngestError e) {
            return CompletableFuture.failedFuture(e);
        }
        if (length > DRAIN_FACTOR * maxBytes) {
            // far too large to read just to answer politely: hang up
            request.connection().close();
            return CompletableFuture.failedFuture(tooLarge(maxBytes));
        }
        Vertx vertx = Vertx.currentContext().owner();
        long timer = vertx.setTimer(timeoutMillis, id -> done.completeExceptionally(
                new IngestError(408, "request_timeout", "the body did not arrive within " + timeoutMillis + " ms")));
        Buffer received = Buffer.buffer();
        // an oversized body is read and discarded, so that the sender is still there to get the 413
        boolean[] overLimit = {length > maxBytes};
        request.handler(chunk -> {
            if (received.length() + chunk.length() > maxBytes) {
                overLimit[0] = true;
            } else if (!overLimit[0]) {
                received.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(e -> {
            vertx.cancelTimer(timer);
            done.completeExceptionally(new IngestError(400, "malformed_body", "the body could not be read: " + e.getMessage()));
        });
        request.endHandler(end -> {
            vertx.cancelTimer(timer);
            if (overLimit[0]) {
                done.completeExceptionally(tooLarge(maxBytes));
            } else {
                done.complete(received.getBytes());
            }
        });
        request.resume();
        return done;
    }

    /** The request's Content-Length, or -1 when it has none (chunked). */
    static long declaredLength(HttpServerRequest request) throws IngestError {
        String declared = request.getHeader("Content-Length");
        if (declared == null) {
            return -1;
        }
        try {
            return Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw new IngestError(400, "malformed_body", "Content-Length is not a number");
        }
    }

    static IngestError tooLarge(long maxBytes) {
        return new IngestError(413, "payload_too_large", "the body is larger than " + maxBytes + " bytes");
    }
}
