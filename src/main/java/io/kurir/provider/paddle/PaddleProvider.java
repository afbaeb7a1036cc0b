package io.kurir.provider.paddle;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Sample;
import io.kurir.provider.Setting;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.TimestampedHmacScheme;
import io.kurir.verify.Tolerance;

/**
 * Paddle Billing: `Paddle-Signature: ts=<unix seconds>;h1=<hex>`, the h1 a lower-case hex HMAC-SHA256 of
 * `{ts}:{raw body}` keyed with the notification destination's whole secret key as UTF-8, `pdl_ntfset_…`
 * prefix included (not base64-decoded). Paddle's Python SDK accepts any of several `h1` (key rotation) and
 * so does Kurir; keys other than `ts` and `h1` are ignored. No handshake: test notifications and
 * simulations are signed like live ones. (Paddle Classic's RSA `p_signature` is a different scheme.)
 *
 * The `tolerance` defaults to 5 seconds, not Kurir's usual 300: Paddle's page says its SDKs allow five
 * seconds and that a manual check should do the same, and Paddle signs each attempt afresh, so a retry
 * is never stale. Both SDKs only refuse old timestamps; Kurir refuses one as far in the future too, since a
 * timestamp ahead of the clock can only be skew or forgery. A host whose clock drifts more than that
 * refuses Paddle's deliveries as stale: keep it synchronised, or raise the setting.
 *
 * The event is named by the body's `event_type` (`transaction.completed`, …) and keyed by its `event_id`
 * (`evt_…`), which every notification of one event shares, retries and Paddle's replays alike; the
 * `notification_id` (`ntf_…`) is one per notification, so a replay from Paddle's dashboard would be
 * stored as a second event: it is used only when a body has no `event_id`.
 * https://developer.paddle.com/webhooks/signature-verification
 */
public final class PaddleProvider implements Provider {

    private static final TimestampedHmacScheme.Format FORMAT = new TimestampedHmacScheme.Format("Paddle-Signature", ";", "ts", "h1", ":");

    /** What Paddle's SDKs allow, and what its page asks of a manual check. */
    static final Setting TOLERANCE = Setting.tolerance(5);

    @Override
    public String name() {
        return "paddle";
    }

    @Override
    public String checks() {
        return "`Paddle-Signature: ts=…;h1=…` over `ts:body`, any `h1` may match; `tolerance` (default 5, as Paddle's SDKs) both ways";
    }

    @Override
    public String documentation() {
        return "https://developer.paddle.com/webhooks/signature-verification";
    }

    @Override
    public List<Setting> settings() {
        return List.of(TOLERANCE);
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        Tolerance tolerance = Setting.tolerance(settings, TOLERANCE);
        return secret -> new TimestampedHmacScheme(FORMAT, secret, tolerance);
    }

    @Override
    public Set<String> signatureHeaders(SourceSettings settings) {
        return Set.of(FORMAT.header());
    }

    @Override
    public List<From> eventType() {
        return List.of(From.field("event_type"));
    }

    @Override
    public List<From> idempotencyKey() {
        return List.of(From.field("event_id"), From.field("notification_id"));
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MILLIS);
        return List.of(
                Sample.json("""
                        {"event_id":"evt_test_%1$s","event_type":"transaction.completed","occurred_at":"%2$s",\
                        "notification_id":"ntf_test_%1$s","data":{"id":"txn_test_%1$s","status":"completed",\
                        "customer_id":"ctm_test_%1$s","address_id":"add_test_%1$s","currency_code":"IDR","origin":"web",\
                        "subscription_id":null,"invoice_number":"INV-%1$s","collection_mode":"automatic",\
                        "custom_data":{"order_id":"ORDER-%1$s"},"billed_at":"%2$s","created_at":"%2$s","updated_at":"%2$s",\
                        "items":[{"price":{"id":"pri_test_batik","description":"Batik shirt"},"quantity":1}],\
                        "details":{"totals":{"subtotal":"250000","tax":"0","total":"250000","currency_code":"IDR"}}}}"""
                        .formatted(unique, at), Map.of()),
                Sample.json("""
                        {"event_id":"evt_test_sub_%1$s","event_type":"subscription.created","occurred_at":"%2$s",\
                        "notification_id":"ntf_test_sub_%1$s","data":{"id":"sub_test_%1$s","status":"active",\
                        "customer_id":"ctm_test_%1$s","address_id":"add_test_%1$s","currency_code":"IDR",\
                        "billing_cycle":{"interval":"month","frequency":1},"started_at":"%2$s","first_billed_at":"%2$s",\
                        "next_billed_at":"%3$s","collection_mode":"automatic","custom_data":{"order_id":"ORDER-%1$s"},\
                        "items":[{"status":"active","quantity":1,"price":{"id":"pri_test_box","description":"Monthly batik box"}}],\
                        "created_at":"%2$s","updated_at":"%2$s"}}"""
                        .formatted(unique, at, at.plus(30, ChronoUnit.DAYS)), Map.of()));
    }
}
