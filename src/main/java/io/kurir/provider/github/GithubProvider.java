package io.kurir.provider.github;

import java.time.Instant;
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
 * GitHub: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`; the event in `X-GitHub-Event`,
 * the delivery id in `X-GitHub-Delivery` (kept when GitHub redelivers). No timestamp.
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
 */
public final class GithubProvider implements Provider {

    private static final String HEADER = "X-Hub-Signature-256";

    @Override
    public String name() {
        return "github";
    }

    @Override
    public String checks() {
        return "`X-Hub-Signature-256: sha256=<hex>`";
    }

    @Override
    public String documentation() {
        return "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries";
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        return secret -> new HmacScheme(HEADER, "HmacSHA256", HmacScheme.Encoding.HEX, "sha256=", secret);
    }

    @Override
    public Set<String> signatureHeaders(SourceSettings settings) {
        // the SHA-1 one too, which GitHub still sends when a secret is set
        return Set.of(HEADER, "X-Hub-Signature");
    }

    @Override
    public List<From> eventType() {
        return List.of(From.header("X-GitHub-Event"));
    }

    @Override
    public List<From> idempotencyKey() {
        return List.of(From.header("X-GitHub-Delivery"));
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        return List.of(
                Sample.json("""
                        {"ref":"refs/heads/main","before":"0000000000000000000000000000000000000000","after":"%1$s00000000000000000000000000000000",\
                        "repository":{"id":1296269,"name":"shop","full_name":"octo-shop/shop","html_url":"https://github.com/octo-shop/shop"},\
                        "pusher":{"name":"sari","email":"sari@example.com"},"sender":{"login":"sari"},\
                        "head_commit":{"id":"%1$s00000000000000000000000000000000","message":"Kurir test push","timestamp":"%2$s",\
                        "author":{"name":"Sari Dewi","username":"sari"}},"commits":[]}""".formatted(unique, now),
                        Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "test-" + unique)),
                Sample.json("{\"zen\":\"Kurir test event\",\"hook_id\":0,\"test_id\":\"" + unique + "\"}",
                        Map.of("X-GitHub-Event", "ping", "X-GitHub-Delivery", "test-ping-" + unique)));
    }
}
