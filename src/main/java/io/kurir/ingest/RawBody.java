package io.kurir.ingest;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /** Called on a worker thread: waits for the event loop to hand over the body. */
    static byte[] read(HttpServerRequest request, long maxBytes, long timeoutMillis) throws IngestError {
        long length = declaredLength(request);
        if (length > DRAIN_FACTOR * maxBytes) {
            // far too large to read just to answer politely: hang up
            request.connection().close();
            throw tooLarge(maxBytes);
        }
        CompletableFuture<byte[]> done = new CompletableFuture<>();
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
        request.exceptionHandler(done::completeExceptionally);
        request.endHandler(end -> done.complete(overLimit[0] ? null : received.getBytes()));
        request.resume();
        try {
            byte[] body = done.get(timeoutMillis, TimeUnit.MILLISECONDS);
            if (body == null) {
                throw tooLarge(maxBytes);
            }
            return body;
        } catch (TimeoutException e) {
            throw new IngestError(408, "request_timeout", "the body did not arrive within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            throw new IngestError(400, "malformed_body", "the body could not be read: " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IngestError(503, "shutting_down", "the gateway is shutting down");
        }
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

    private static IngestError tooLarge(long maxBytes) {
        return new IngestError(413, "payload_too_large", "the body is larger than " + maxBytes + " bytes");
    }
}
