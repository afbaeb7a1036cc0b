package io.kurir.provider.twilio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Request;
import io.kurir.provider.Requests;
import io.kurir.provider.Sample;
import org.junit.jupiter.api.Test;

class TwilioProviderTest {

    private final Provider twilio = new TwilioProvider();

    private static final String STATUS = "SmsSid=SM1&SmsStatus=delivered&MessageStatus=delivered&MessageSid=SM1&AccountSid=AC1";
    private static final String INBOUND = "SmsSid=SM2&SmsStatus=received&Body=hi&MessageSid=SM2&AccountSid=AC1";
    private static final String CALL = "CallSid=CA1&CallStatus=completed&AccountSid=AC1";

    private String type(Request request) {
        return From.first(twilio.eventType(), request);
    }

    private String key(Request request) {
        return From.first(twilio.idempotencyKey(), request);
    }

    @Test
    void namesMessageStatusCallbackByMessageStatus() {
        assertEquals("message.delivered", type(Requests.form(STATUS)));
    }

    @Test
    void namesInboundMessageBySmsStatus() {
        assertEquals("message.received", type(Requests.form(INBOUND)));
    }

    @Test
    void namesCallByCallStatus() {
        assertEquals("call.completed", type(Requests.form(CALL)));
    }

    @Test
    void namesAnyOtherRequestTwilioRequest() {
        assertEquals("twilio.request", type(Requests.form("AccountSid=AC1&Foo=bar")));
        assertEquals("twilio.request", type(Requests.json("{\"MessageStatus\":\"delivered\"}")));
    }

    @Test
    void keysByIdempotencyTokenFirst() {
        assertEquals("tok-1", key(Requests.form(STATUS, "I-Twilio-Idempotency-Token", "tok-1")));
        assertEquals("tok-2", key(Requests.form(CALL, "i-twilio-idempotency-token", "tok-2")));
    }

    @Test
    void keysMessageStatusCallbackWithoutTokenBySidAndStatus() {
        assertEquals("SM1:delivered", key(Requests.form(STATUS)));
    }

    @Test
    void keysInboundMessageWithoutTokenBySidAndSmsStatus() {
        assertEquals("SM2:received", key(Requests.form(INBOUND)));
    }

    @Test
    void leavesCallWithoutTokenToTheBodyHash() {
        assertNull(key(Requests.form(CALL)));
    }

    @Test
    void samplesAnInboundMessageThenAStatusCallback() {
        List<Sample> samples = twilio.samples("aaaa1111", Instant.EPOCH);
        assertEquals("application/x-www-form-urlencoded", samples.get(0).contentType());
        Request inbound = Requests.form(samples.get(0).body());
        Request status = Requests.form(samples.get(1).body());
        assertEquals("message.received", type(inbound));
        assertEquals("Where is order ORDER-aaaa1111?", inbound.formField("Body"));
        assertEquals("message.delivered", type(status));
        assertEquals("SMaaaa1111:delivered", key(status));
    }
}
