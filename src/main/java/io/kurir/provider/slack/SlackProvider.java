package io.kurir.provider.slack;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.kurir.Json;
import io.kurir.provider.FormBody;
import io.kurir.provider.From;
import io.kurir.provider.JsonText;
import io.kurir.provider.Provider;
import io.kurir.provider.Request;
import io.kurir.provider.Sample;
import io.kurir.provider.Setting;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.Tolerance;

/**
 * Slack: `X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:{ts}:{raw body}">` with `X-Slack-Request-Timestamp`,
 * 300 s either way, on every request. The Events API posts JSON: a Request URL is only saved once it
 * answers the signed `url_verification` with its `challenge`; events come as `event_callback` with the
 * event in `event.type` and an `event_id` kept on retries. Slash commands and interactivity post forms:
 * `command=/…`, or one `payload` field of JSON whose `type` is e.g. `block_actions`; Slack checks a command's
 * URL now and then with an unsigned `ssl_check=1`, answered 200 and not stored.
 * https://api.slack.com/authentication/verifying-requests-from-slack, https://api.slack.com/events/url_verification
 */
public final class SlackProvider implements Provider {

    private static final Set<String> SSL_CHECK_FIELDS = Set.of("ssl_check", "token");

    @Override
    public String name() {
        return "slack";
    }

    @Override
    public String checks() {
        return "`X-Slack-Signature: v0=<hex>` over `v0:ts:body`, `X-Slack-Request-Timestamp`; `tolerance` (default 300). "
                + "The Events API's `url_verification` is answered with its `challenge`, an unsigned `ssl_check=1` with 200; neither is stored";
    }

    @Override
    public String documentation() {
        return "https://api.slack.com/authentication/verifying-requests-from-slack";
    }

    @Override
    public List<Setting> settings() {
        return List.of(Setting.TOLERANCE);
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        Tolerance tolerance = Setting.tolerance(settings, Setting.TOLERANCE);
        return secret -> new SlackScheme(secret, tolerance);
    }

    @Override
    public Set<String> signatureHeaders(SourceSettings settings) {
        return Set.of(SlackScheme.SIGNATURE);
    }

    @Override
    public List<From> eventType() {
        return List.of(
                new From("body `event.type` of an `event_callback`", request -> "event_callback".equals(request.field("type"))
                        ? request.nested("event", "type") : null),
                From.field("type"),
                From.formField("command"),
                new From("`type` of the form field `payload`", request -> {
                    String payload = request.formField("payload");
                    return payload == null ? null : JsonText.at(JsonText.tree(payload.getBytes(StandardCharsets.UTF_8)), "type");
                }));
    }

    @Override
    public List<From> idempotencyKey() {
        return List.of(From.field("event_id"));
    }

    /** Slack's periodic SSL check of a slash command's URL is not signed: answered, never stored. */
    @Override
    public Optional<String> probe(byte[] body, Function<String, String> headers) {
        String type = headers.apply("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded") || body.length > 4096) {
            return Optional.empty();
        }
        // exactly Slack's check: ssl_check=1, with at most its token beside it
        Map<String, List<String>> fields = FormBody.fields(body);
        boolean check = List.of("1").equals(fields.get("ssl_check")) && fields.keySet().stream().allMatch(SSL_CHECK_FIELDS::contains);
        return check ? Optional.of("{\"status\":\"ok\"}") : Optional.empty();
    }

    @Override
    public Optional<String> handshake(Request request) {
        if (!"url_verification".equals(request.field("type"))) {
            return Optional.empty();
        }
        String challenge = request.field("challenge");
        return Optional.of(Json.write(Map.of("challenge", challenge == null ? "" : challenge)));
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        long ts = now.getEpochSecond();
        return List.of(
                Sample.json("""
                        {"token":"test","team_id":"T0TEST","api_app_id":"A0TEST","type":"event_callback","event_id":"Ev%1$s",\
                        "event_time":%2$d,"event":{"type":"app_mention","user":"U0TEST","text":"<@U0KURIR> where is order ORDER-%1$s?",\
                        "ts":"%2$d.000100","channel":"C0TEST","event_ts":"%2$d.000100"}}""".formatted(unique, ts), Map.of()),
                Sample.form("token=test&team_id=T0TEST&team_domain=shop&channel_id=C0TEST&channel_name=orders&user_id=U0TEST"
                        + "&user_name=sari&command=%2Forder&text=ORDER-" + unique + "&api_app_id=A0TEST"
                        + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0TEST%2F1%2Ftest&trigger_id=" + unique, Map.of()));
    }
}
