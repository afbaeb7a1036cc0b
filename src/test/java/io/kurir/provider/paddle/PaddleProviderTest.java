package io.kurir.provider.paddle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Request;
import io.kurir.provider.Requests;
import io.kurir.provider.Sample;
import io.kurir.provider.Setting;
import org.junit.jupiter.api.Test;

class PaddleProviderTest {

    private final Provider paddle = new PaddleProvider();

    @Test
    void namesTheEventByItsEventType() {
        Request request = Requests.json("{\"event_id\":\"evt_1\",\"event_type\":\"subscription.created\",\"data\":{\"type\":\"x\"}}");
        assertEquals("subscription.created", From.first(paddle.eventType(), request));
    }

    @Test
    void keysTheEventByItsEventIdRatherThanItsNotificationId() {
        Request request = Requests.json("{\"notification_id\":\"ntf_1\",\"event_id\":\"evt_1\",\"event_type\":\"transaction.completed\"}");
        assertEquals("evt_1", From.first(paddle.idempotencyKey(), request));
    }

    @Test
    void keysByTheNotificationIdWhenThereIsNoEventId() {
        Request request = Requests.json("{\"notification_id\":\"ntf_1\",\"event_type\":\"transaction.completed\"}");
        assertEquals("ntf_1", From.first(paddle.idempotencyKey(), request));
    }

    @Test
    void declaresItsFiveSecondTolerance() {
        assertEquals(List.of("tolerance"), paddle.settings().stream().map(Setting::key).toList());
        assertEquals("5", paddle.settings().get(0).defaultValue());
    }

    @Test
    void samplesACompletedTransactionThenACreatedSubscription() {
        List<Sample> samples = paddle.samples("aaaa1111", Instant.parse("2026-01-02T03:04:05.678Z"));
        Request transaction = Requests.json(samples.get(0).body());
        Request subscription = Requests.json(samples.get(1).body());
        assertEquals("transaction.completed", From.first(paddle.eventType(), transaction));
        assertEquals("evt_test_aaaa1111", From.first(paddle.idempotencyKey(), transaction));
        assertEquals("subscription.created", From.first(paddle.eventType(), subscription));
        assertEquals("evt_test_sub_aaaa1111", From.first(paddle.idempotencyKey(), subscription));
    }
}
