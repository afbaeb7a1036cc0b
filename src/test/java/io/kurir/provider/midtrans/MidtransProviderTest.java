package io.kurir.provider.midtrans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import io.kurir.provider.Fixtures;
import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Providers;
import io.kurir.provider.Requests;
import io.kurir.provider.Sample;
import org.junit.jupiter.api.Test;

class MidtransProviderTest {

    private static final String PENDING = "{\"transaction_status\":\"pending\",\"transaction_id\":\"57d5293c-e65f-4a29-95e4-5959c3fa335b\","
            + "\"status_code\":\"201\",\"payment_type\":\"bank_transfer\",\"order_id\":\"order-101c-1578569229\","
            + "\"gross_amount\":\"20000.00\",\"fraud_status\":\"accept\"}";

    private final Provider provider = Providers.find("midtrans").orElseThrow();

    private String type(String body) {
        return From.first(provider.eventType(), Requests.json(body));
    }

    private String key(String body) {
        return From.first(provider.idempotencyKey(), Requests.json(body));
    }

    @Test
    void namesNotificationsByTheirTransactionStatus() {
        assertEquals("pending", type(PENDING));
        assertEquals("settlement", type(PENDING.replace("\"pending\"", "\"settlement\"")));
    }

    @Test
    void keysNotificationsByTransactionAndStatus() {
        assertEquals("57d5293c-e65f-4a29-95e4-5959c3fa335b:pending:accept", key(PENDING));
    }

    @Test
    void keepsARetriedNotificationADuplicate() {
        // a retry repeats the notification, maybe with fields that are not part of the key in another order
        assertEquals(key(PENDING), key(PENDING.replace("{", "{\"status_message\":\"midtrans payment notification\",")));
    }

    @Test
    void keepsAStatusChangeOfOneOrderDistinct() {
        String settlement = PENDING.replace("\"pending\"", "\"settlement\"").replace("\"201\"", "\"200\"");
        assertEquals("57d5293c-e65f-4a29-95e4-5959c3fa335b:settlement:accept", key(settlement));
        assertNotEquals(key(PENDING), key(settlement));
    }

    @Test
    void keepsAChallengedCaptureApartFromItsAcceptance() {
        String challenged = PENDING.replace("\"pending\"", "\"capture\"").replace("\"accept\"", "\"challenge\"");
        String accepted = PENDING.replace("\"pending\"", "\"capture\"");
        assertNotEquals(key(challenged), key(accepted));
    }

    @Test
    void keepsTwoPartialRefundsApart() {
        String refund = PENDING.replace("\"pending\"", "\"partial_refund\"");
        assertEquals("57d5293c-e65f-4a29-95e4-5959c3fa335b:partial_refund:accept:5000.00",
                key(refund.replace("}", ",\"refund_amount\":\"5000.00\"}")));
        assertNotEquals(key(refund.replace("}", ",\"refund_amount\":\"5000.00\"}")), key(refund.replace("}", ",\"refund_amount\":\"8000.00\"}")));
    }

    @Test
    void keysByOrderIdWithoutTransactionId() {
        assertEquals("order-101c-1578569229:pending:accept", key(PENDING.replace("\"transaction_id\"", "\"transaction\"")));
    }

    @Test
    void leavesNotificationsWithoutStatusToTheBodyHash() {
        assertNull(key(PENDING.replace("\"transaction_status\"", "\"status\"")));
    }

    @Test
    void sendsNoSecretInAHeader() {
        assertTrue(provider.secretHeaders(Fixtures.settings()).isEmpty());
    }

    @Test
    void samplesASettlementAndThePendingBeforeIt() {
        List<Sample> samples = provider.samples("aaaa1111", Instant.ofEpochSecond(1_578_569_269L));
        assertEquals("settlement", type(samples.get(0).body()));
        assertEquals("pending", type(samples.get(1).body()));
        assertEquals("2020-01-09 18:27:49", Requests.json(samples.get(0).body()).field("settlement_time"));
        assertEquals(Requests.json(samples.get(0).body()).field("transaction_id"), Requests.json(samples.get(1).body()).field("transaction_id"));
        assertNotEquals(key(samples.get(0).body()), key(samples.get(1).body()));
    }
}
