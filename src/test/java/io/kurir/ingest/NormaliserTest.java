package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

class NormaliserTest {

    private static final Function<String, String> NO_HEADERS = name -> null;

    private static Payload json(String body) throws IngestError {
        return Payload.inspect(MediaKind.JSON, body.getBytes(), "application/json");
    }

    private static Source source(String name, String scheme) {
        return new Source(name, scheme, request -> { }, "test", Set.of(), null);
    }

    @Test
    void namesBiteshipEventsByTheirEventField() throws IngestError {
        assertEquals("order.status", Normaliser.eventType(json("{\"event\":\"order.status\",\"status\":\"delivered\"}"), NO_HEADERS));
    }

    @Test
    void namesSendcloudEventsByTheirActionField() throws IngestError {
        assertEquals("parcel_status_changed", Normaliser.eventType(json("{\"action\":\"parcel_status_changed\",\"parcel\":{\"type\":\"x\"}}"), NO_HEADERS));
    }

    @Test
    void prefersTheGithubEventHeaderOverBodyFields() throws IngestError {
        Map<String, String> headers = Map.of("X-GitHub-Event", "push");
        assertEquals("push", Normaliser.eventType(json("{\"action\":\"opened\"}"), headers::get));
    }

    @Test
    void namesFormPostsFormSubmitted() throws IngestError {
        Payload form = Payload.inspect(MediaKind.FORM, "a=1".getBytes(), "application/x-www-form-urlencoded");
        assertEquals("form.submitted", Normaliser.eventType(form, NO_HEADERS));
    }

    @Test
    void ignoresFieldsOfNestedObjectsWhenNamingTheEvent() throws IngestError {
        assertEquals("unknown", Normaliser.eventType(json("{\"data\":{\"type\":\"nested\"}}"), NO_HEADERS));
    }

    @Test
    void keysStripeEventsByTheirEventId() throws IngestError {
        String key = Normaliser.idempotencyKey(source("stripe", "stripe"), json("{\"id\":\"evt_123\",\"type\":\"charge.succeeded\"}"),
                NO_HEADERS, new byte[0]);
        assertEquals("evt_123", key);
    }

    @Test
    void keysOtherEventsByAHashOfSourceAndBody() throws IngestError {
        byte[] body = "{\"event\":\"order.status\"}".getBytes();
        String biteship = Normaliser.idempotencyKey(source("biteship", "biteship"), json(new String(body)), NO_HEADERS, body);
        String other = Normaliser.idempotencyKey(source("other", "biteship"), json(new String(body)), NO_HEADERS, body);

        assertTrue(biteship.startsWith("sha256:"));
        assertNotEquals(biteship, other);
    }
}
