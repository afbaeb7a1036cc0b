package io.kurir.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the generic schemes (hmac, token, basic, none) share: they serve senders Kurir has no provider
 * for, so the event is named by its body and keyed by a Standard Webhooks id if one is sent.
 */
public abstract class Generic implements Provider {

    @Override
    public final boolean generic() {
        return true;
    }

    @Override
    public List<From> idempotencyKey() {
        return List.of(From.header("webhook-id"));
    }

    /** A form lead, as form tools post them; with a JSON event as a second sample. */
    @Override
    public List<Sample> samples(String unique, Instant now) {
        return List.of(
                Sample.form("name=Test+Lead+" + unique + "&phone=0812-0000-0000&email=test%40example.com&message=Kurir+test+event", Map.of()),
                Sample.json("{\"type\":\"kurir.test\",\"timestamp\":\"" + now + "\",\"data\":{\"test_id\":\"" + unique + "\"}}",
                        Map.of("webhook-id", "msg_test_" + unique)));
    }
}
