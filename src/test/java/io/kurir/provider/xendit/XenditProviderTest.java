package io.kurir.provider.xendit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Set;

import io.kurir.provider.Fixtures;
import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Providers;
import io.kurir.provider.Request;
import io.kurir.provider.Requests;
import io.kurir.provider.Sample;
import org.junit.jupiter.api.Test;

class XenditProviderTest {

    // the samples of the facts: a legacy invoice callback and a Payments API event, trimmed
    private static final String INVOICE = "{\"id\":\"593f4ed1c3d3bb7f39733d83\",\"external_id\":\"testing-invoice\","
            + "\"user_id\":\"5848fdf860053555135587e7\",\"is_high\":false,\"payment_method\":\"BANK_TRANSFER\",\"status\":\"PAID\","
            + "\"merchant_name\":\"Xendit\",\"amount\":2000000,\"paid_amount\":2000000,\"bank_code\":\"PERMATA\","
            + "\"paid_at\":\"2020-01-14T02:32:50.912Z\",\"currency\":\"IDR\"}";
    private static final String PAYMENT = "{\"event\":\"payment.capture\",\"business_id\":\"6094fa76c2fd53701b8e079c\","
            + "\"created\":\"2021-12-02T14:52:21.566Z\",\"data\":{\"payment_id\":\"py-1fdaf346-dd2e-4b6c-b938-124c7167a822\","
            + "\"status\":\"SUCCEEDED\",\"payment_request_id\":\"pr-1fdaf346-dd2e-4b6c-b938-124c7167a822\",\"request_amount\":10000,"
            + "\"channel_code\":\"BRI_VIRTUAL_ACCOUNT\",\"country\":\"ID\",\"currency\":\"IDR\"}}";

    private final Provider provider = Providers.find("xendit").orElseThrow();

    private String type(Request request) {
        return From.first(provider.eventType(), request);
    }

    private String key(Request request) {
        return From.first(provider.idempotencyKey(), request);
    }

    @Test
    void namesNewerEventsByTheirEventField() {
        assertEquals("payment.capture", type(Requests.json(PAYMENT)));
    }

    @Test
    void namesInvoiceCallbacksByTheirStatus() {
        assertEquals("invoice.paid", type(Requests.json(INVOICE)));
        assertEquals("invoice.expired", type(Requests.json(INVOICE.replace("\"PAID\"", "\"EXPIRED\""))));
    }

    @Test
    void namesOtherLegacyCallbacksByTheirStatusAsSent() {
        // a fixed virtual account's status callback: no event, no merchant_name
        assertEquals("ACTIVE", type(Requests.json("{\"id\":\"57f6fbf26b9f064272622aa6\",\"external_id\":\"va-1\",\"merchant_code\":\"77517\","
                + "\"account_number\":\"7751700001\",\"bank_code\":\"BNI\",\"status\":\"ACTIVE\"}")));
    }

    @Test
    void keysByWebhookIdHeaderWhenSent() {
        assertEquals("wh_123", key(Requests.json(PAYMENT, "webhook-id", "wh_123")));
    }

    @Test
    void keysNewerEventsByEventObjectAndStatus() {
        assertEquals("payment.capture:py-1fdaf346-dd2e-4b6c-b938-124c7167a822:SUCCEEDED", key(Requests.json(PAYMENT)));
    }

    @Test
    void keysNewerEventsByTheirDataId() {
        assertEquals("payout.succeeded:disb-1:SUCCEEDED",
                key(Requests.json("{\"event\":\"payout.succeeded\",\"data\":{\"id\":\"disb-1\",\"payment_id\":\"py-2\",\"status\":\"SUCCEEDED\"}}")));
    }

    @Test
    void keysInvoiceCallbacksByIdAndStatus() {
        assertEquals("593f4ed1c3d3bb7f39733d83:PAID", key(Requests.json(INVOICE)));
        assertEquals("593f4ed1c3d3bb7f39733d83:SETTLED", key(Requests.json(INVOICE.replace("\"PAID\"", "\"SETTLED\""))));
    }

    @Test
    void leavesBodiesWithoutIdsToTheBodyHash() {
        assertNull(key(Requests.json("{\"event\":\"payment.capture\",\"data\":{\"status\":\"SUCCEEDED\"}}")));
        assertNull(key(Requests.json("{\"payment_id\":\"1\",\"amount\":1}")));
    }

    @Test
    void masksTheTokenHeader() {
        assertEquals(Set.of("x-callback-token"), provider.secretHeaders(Fixtures.settings()));
    }

    @Test
    void namesItsSamplesAsTheirRealCounterparts() {
        Sample[] samples = provider.samples("aaaa1111", Instant.EPOCH).toArray(Sample[]::new);
        assertEquals("invoice.paid", type(Requests.json(samples[0].body())));
        assertEquals("65a1c0deaaaa1111:PAID", key(Requests.json(samples[0].body())));
        assertEquals("payment.capture", type(Requests.json(samples[1].body())));
        assertEquals("payment.capture:py-test-aaaa1111:SUCCEEDED", key(Requests.json(samples[1].body())));
    }
}
