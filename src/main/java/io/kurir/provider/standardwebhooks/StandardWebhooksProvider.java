package io.kurir.provider.standardwebhooks;

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
import io.kurir.verify.StandardWebhooks;
import io.kurir.verify.Tolerance;

/**
 * Standard Webhooks, and every sender hosted on Svix (Clerk, Resend, Brex, …) under Svix's own header
 * names: `webhook-id`, `webhook-timestamp` (Unix seconds), `webhook-signature` (space-separated
 * `v1,<base64>`), or `svix-id`, `svix-timestamp`, `svix-signature`. Signed: `{id}.{timestamp}.{raw body}`,
 * HMAC-SHA256 keyed with the base64 part of the `whsec_` secret; ±5 minutes; the id is the idempotency key.
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md,
 * https://docs.svix.com/receiving/verifying-payloads/how-manual
 */
public final class StandardWebhooksProvider implements Provider {

    @Override
    public String name() {
        return "standard-webhooks";
    }

    @Override
    public String checks() {
        return "`webhook-id`, `webhook-timestamp`, `webhook-signature` (`v1,<base64>` of `id.timestamp.body`), or the same as "
                + "`svix-id`, `svix-timestamp`, `svix-signature` (senders hosted on Svix: Clerk, Resend, …); secret `whsec_…`; "
                + "`tolerance` seconds (default 300) both ways";
    }

    @Override
    public String documentation() {
        return "https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md";
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.TOLERANCE);
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        Tolerance tolerance = Setting.tolerance(settings, Setting.TOLERANCE);
        return secret -> new StandardWebhooksScheme(key(secret, settings), tolerance);
    }

    private static byte[] key(String secret, SourceSettings settings) {
        try {
            return StandardWebhooks.key(secret);
        } catch (IllegalArgumentException e) {
            throw settings.invalid("secret", "must be whsec_ followed by base64");
        }
    }

    @Override
    public Set<String> signatureHeaders(SourceSettings settings) {
        return Set.of("webhook-signature", "svix-signature");
    }

    @Override
    public List<From> idempotencyKey() {
        return List.of(From.header("webhook-id"), From.header("svix-id"));
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        return List.of(Sample.json("""
                {"type":"invoice.paid","timestamp":"%2$s","data":{"invoice_id":"inv_%1$s","order_id":"ORDER-%1$s",\
                "amount":250000,"currency":"IDR","customer":{"name":"Sari Dewi","email":"sari@example.com"}}}"""
                .formatted(unique, now), Map.of("webhook-id", "msg_test_" + unique)));
    }
}
