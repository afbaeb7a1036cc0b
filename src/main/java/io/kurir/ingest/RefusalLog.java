package io.kurir.ingest;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.kurir.Json;
import io.kurir.log.LogFields;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WARN line for each refused webhook (what to alert on when a sender's secret changed), with the
 * client's address and the reason; at most {@value #LINES_PER_SECOND} lines a second per source, so a
 * flood of forged requests cannot fill the disk. The lines left out are counted on the next line of
 * that source. Requests for sources that are not configured share one allowance: their names are the
 * sender's to choose.
 */
final class RefusalLog {

    static final int LINES_PER_SECOND = 10;
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
    private static final String UNKNOWN = "";

    private final Sources sources;
    private final Map<String, Allowance> allowances = new HashMap<>();

    RefusalLog(Sources sources) {
        this.sources = sources;
    }

    /** On the event loop: `source` is the name in the request's path, configured or not. */
    void refused(HttpServerRequest request, String source, IngestError refusal) {
        boolean known = sources.find(source).isPresent();
        long left = admit(known ? source : UNKNOWN, System.nanoTime());
        if (left < 0) {
            return;
        }
        String client = client(request);
        try (LogFields fields = LogFields.of(LogFields.SOURCE, known ? source : null, LogFields.CLIENT, client)) {
            LOG.warn("Refused a webhook for {}source '{}' from {}: {} {} ({}){}", known ? "" : "unknown ", Json.printable(source),
                    client, refusal.status(), refusal.code(), refusal.getMessage(),
                    left == 0 ? "" : "; " + left + " more refusals of it since the last such line were not logged");
        }
    }

    /** The number of lines left out since the last one written, if this one may be written; else -1. */
    synchronized long admit(String bucket, long nowNanos) {
        Allowance allowance = allowances.computeIfAbsent(bucket, b -> new Allowance());
        long second = TimeUnit.NANOSECONDS.toSeconds(nowNanos);
        if (allowance.second != second) {
            allowance.second = second;
            allowance.lines = 0;
        }
        if (allowance.lines == LINES_PER_SECOND) {
            allowance.leftOut++;
            return -1;
        }
        allowance.lines++;
        long leftOut = allowance.leftOut;
        allowance.leftOut = 0;
        return leftOut;
    }

    /** The peer's address, and what a proxy in front says the client was (a sender can set that header too). */
    private static String client(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        String address = peer == null ? "?" : peer.hostAddress();
        String forwarded = request.getHeader("X-Forwarded-For");
        return forwarded == null ? address : address + " (X-Forwarded-For " + Json.printable(forwarded) + ")";
    }

    private static final class Allowance {
        private long second;
        private int lines;
        private long leftOut;
    }
}
