package io.kurir.provider.typeform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Request;
import io.kurir.provider.Requests;
import io.kurir.provider.Sample;
import org.junit.jupiter.api.Test;

class TypeformProviderTest {

    private final Provider typeform = new TypeformProvider();

    @Test
    void namesTheEventByItsEventType() {
        Request partial = Requests.json("{\"event_id\":\"01HZ\",\"event_type\":\"form_response_partial\",\"form_response\":{}}");
        assertEquals("form_response_partial", From.first(typeform.eventType(), partial));
    }

    @Test
    void keysTheEventByItsEventId() {
        Request response = Requests.json("{\"event_id\":\"LtWXD3crgy\",\"event_type\":\"form_response\"}");
        assertEquals("LtWXD3crgy", From.first(typeform.idempotencyKey(), response));
    }

    @Test
    void samplesAFormResponseKeyedByItsId() {
        Sample sample = typeform.samples("aaaa1111", Instant.parse("2026-01-02T03:04:05.678Z")).get(0);
        Request request = Requests.json(sample.body());
        assertEquals("form_response", From.first(typeform.eventType(), request));
        assertEquals("aaaa1111", From.first(typeform.idempotencyKey(), request));
    }
}
