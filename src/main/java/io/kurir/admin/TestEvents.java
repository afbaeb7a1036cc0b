package io.kurir.admin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.kurir.ingest.IngestError;
import io.kurir.ingest.IngestProcessor;
import io.kurir.ingest.Source;
import io.kurir.provider.Sample;
import io.kurir.store.Appended;

/**
 * "Send test event": a realistic sample of what the source's provider sends (see
 * {@link io.kurir.provider.Provider#samples}), stored and routed exactly like a real webhook (only
 * verification is skipped: there is nothing to verify) and marked as a test event.
 */
final class TestEvents {

    private final IngestProcessor ingest;
    private final Clock clock;
    private final Map<String, List<String>> types = new ConcurrentHashMap<>();

    TestEvents(IngestProcessor ingest, Clock clock) {
        this.ingest = ingest;
        this.clock = clock;
    }

    /** The event types of the source's samples, the default first; worked out once per source, not at each poll of the page. */
    List<String> types(Source source) {
        return types.computeIfAbsent(source.name(), name -> typesOf(source));
    }

    private List<String> typesOf(Source source) {
        List<String> types = new ArrayList<>();
        for (Sample sample : source.provider().samples("sample", clock.instant())) {
            try {
                types.add(ingest.eventType(source, body(sample), lookup(headers(sample))));
            } catch (IngestError e) {
                throw new IllegalStateException("a sample of provider " + source.scheme() + " is not what its Content-Type says", e);
            }
        }
        return List.copyOf(types);
    }

    /**
     * @param type the event type of the sample to send, null for the provider's first
     * @throws IngestError 404 when no sample has that type
     */
    Appended send(Source source, String type) throws IngestError {
        // a fresh id in each sample, so that two tests are two events rather than a duplicate
        for (Sample sample : source.provider().samples(UUID.randomUUID().toString().substring(0, 8), clock.instant())) {
            Map<String, String> headers = headers(sample);
            if (type == null || type.equals(ingest.eventType(source, body(sample), lookup(headers)))) {
                return ingest.acceptTest(source, body(sample), lookup(headers), headers);
            }
        }
        throw new IngestError(404, "unknown_sample", "source '" + source.name() + "' has no sample event of type '" + type
                + "'; it has " + String.join(", ", types(source)));
    }

    private static byte[] body(Sample sample) {
        return sample.body().getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(Sample sample) {
        Map<String, String> headers = new LinkedHashMap<>(sample.headers());
        headers.put("Content-Type", sample.contentType());
        headers.put("User-Agent", "Kurir test event");
        return headers;
    }

    private static Function<String, String> lookup(Map<String, String> headers) {
        Map<String, String> lookup = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        lookup.putAll(headers);
        return lookup::get;
    }
}
