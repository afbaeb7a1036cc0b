package io.kurir.provider;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the generic schemes (hmac, token, basic, none) share: they serve senders Kurir has no provider
 * for, many of which copy GitHub's or Shopify's headers (Gitea, Gogs, Forgejo, …), so those name and key
 * the event where sent; else the body's `type`, `event` or `action`, and a Standard Webhooks id.
 */
public abstract class Generic implements Provider {

    @Override
    public final boolean generic() {
        return true;
    }

    private static final List<From> TYPE = List.of(From.header("X-GitHub-Event"), From.header("X-Shopify-Topic"),
            From.field("type"), From.field("event"), From.field("action"));
    private static final List<From> KEY = List.of(From.header("webhook-id"), From.header("X-GitHub-Delivery"),
            From.header("X-Shopify-Webhook-Id"));

    @Override
    public List<From> eventType() {
        return TYPE;
    }

    @Override
    public List<From> idempotencyKey() {
        return KEY;
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
