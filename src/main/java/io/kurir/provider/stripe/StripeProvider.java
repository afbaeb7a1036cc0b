package io.kurir.provider.stripe;

import java.time.Instant;
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
 * Stripe: `Stripe-Signature: t=<unix>,v1=<hex>[,v1=…]`, each v1 an HMAC-SHA256 of `{t}.{raw body}` keyed with
 * the whole `whsec_…` string; any v1 may match while a secret is rolled, other schemes are ignored;
 * tolerance 300 s. The event's `id` stays the same when Stripe retries it.
 * https://docs.stripe.com/webhooks#verify-manually
 */
public final class StripeProvider implements Provider {

    private static final TimestampedHmacScheme.Format FORMAT = new TimestampedHmacScheme.Format("Stripe-Signature", ",", "t", "v1", ".");

    @Override
    public String name() {
        return "stripe";
    }

    @Override
    public String checks() {
        return "`Stripe-Signature: t=…,v1=…` over `t.body`, any `v1` may match; `tolerance` (default 300)";
    }

    @Override
    public String documentation() {
        return "https://docs.stripe.com/webhooks#verify-manually";
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.TOLERANCE);
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        Tolerance tolerance = Setting.tolerance(settings, Setting.TOLERANCE);
        return secret -> new TimestampedHmacScheme(FORMAT, secret, tolerance);
    }

    @Override
    public Set<String> signatureHeaders(SourceSettings settings) {
        return Set.of(FORMAT.header());
    }

    @Override
    public List<From> eventType() {
        return List.of(From.field("type"));
    }

    @Override
    public List<From> idempotencyKey() {
        return List.of(From.field("id"));
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        return List.of(Sample.json("""
                {"id":"evt_test_%1$s","object":"event","api_version":"2024-06-20","created":%2$d,"type":"payment_intent.succeeded",\
                "livemode":false,"data":{"object":{"id":"pi_test_%1$s","object":"payment_intent","amount":25000,"currency":"idr",\
                "status":"succeeded","metadata":{"order_id":"ORDER-%1$s"}}}}""".formatted(unique, now.getEpochSecond()), Map.of()));
    }
}
