package io.kurir.provider.typeform;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Sample;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.HmacScheme;
import io.kurir.verify.SignatureScheme;

/**
 * Typeform: `Typeform-Signature: sha256=<base64 HMAC-SHA256 of the raw body>`, keyed with the webhook's
 * `secret` as UTF-8; standard base64 with padding. Typeform only signs when the webhook has a secret, so a
 * source with one refuses a request without the header; only the `sha256=` prefix is accepted. No timestamp
 * and no handshake ("Send test request" posts a normal signed sample). The event is named by the body's
 * `event_type` (`form_response`, or `form_response_partial` when subscribed to it) and identified by its
 * `event_id`.
 * https://www.typeform.com/developers/webhooks/secure-your-webhooks/
 */
public final class TypeformProvider implements Provider {

    private static final String HEADER = "Typeform-Signature";

    @Override
    public String name() {
        return "typeform";
    }

    @Override
    public String checks() {
        return "`Typeform-Signature: sha256=<base64>` of the raw body";
    }

    @Override
    public String documentation() {
        return "https://www.typeform.com/developers/webhooks/secure-your-webhooks/";
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        return secret -> new HmacScheme(HEADER, "HmacSHA256", HmacScheme.Encoding.BASE64, "sha256=", secret);
    }

    @Override
    public Set<String> signatureHeaders(SourceSettings settings) {
        return Set.of(HEADER);
    }

    @Override
    public List<From> eventType() {
        return List.of(From.field("event_type"));
    }

    @Override
    public List<From> idempotencyKey() {
        return List.of(From.field("event_id"));
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        return List.of(Sample.json("""
                {"event_id":"%1$s","event_type":"form_response","form_response":{"form_id":"lT4Z3j","token":"%1$s",\
                "landed_at":"%2$s","submitted_at":"%2$s","definition":{"id":"lT4Z3j","title":"Order feedback",\
                "fields":[{"id":"DlXFaesGBpoF","title":"What can we improve?","type":"long_text","ref":"improve"},\
                {"id":"JwWggjAKtOkA","title":"Your email","type":"email","ref":"email"}]},\
                "answers":[{"type":"text","text":"Kurir test response for ORDER-%1$s","field":{"id":"DlXFaesGBpoF","type":"long_text","ref":"improve"}},\
                {"type":"email","email":"sari@example.com","field":{"id":"JwWggjAKtOkA","type":"email","ref":"email"}}]}}"""
                .formatted(unique, now.truncatedTo(ChronoUnit.SECONDS)), Map.of()));
    }
}
