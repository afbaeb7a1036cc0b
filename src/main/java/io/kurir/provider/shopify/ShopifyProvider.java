package io.kurir.provider.shopify;

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
 * Shopify: the base64 HMAC-SHA256 of the raw body, keyed with the app's client secret, in
 * `X-Shopify-Hmac-Sha256`. Shopify sends each header in two families, `X-Shopify-*` and unprefixed
 * `shopify-*` (what `@shopify/shopify-api` reads as well): the topic (`orders/create`) in
 * `X-Shopify-Topic`, the delivery id, kept on retries, in `X-Shopify-Webhook-Id`.
 * https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook
 */
public final class ShopifyProvider implements Provider {

    private static final List<String> SIGNATURE = List.of("X-Shopify-Hmac-Sha256", "shopify-hmac-sha256");

    @Override
    public String name() {
        return "shopify";
    }

    @Override
    public String checks() {
        return "`X-Shopify-Hmac-Sha256` (or `shopify-hmac-sha256`): base64 HMAC-SHA256 of the raw body";
    }

    @Override
    public String documentation() {
        return "https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook";
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        return secret -> new HmacScheme(SIGNATURE, "HmacSHA256", HmacScheme.Encoding.BASE64, "", secret);
    }

    @Override
    public Set<String> signatureHeaders(SourceSettings settings) {
        return Set.copyOf(SIGNATURE);
    }

    @Override
    public List<From> eventType() {
        return List.of(From.header("X-Shopify-Topic"), From.header("shopify-topic"));
    }

    @Override
    public List<From> idempotencyKey() {
        return List.of(From.header("X-Shopify-Webhook-Id"), From.header("shopify-webhook-id"));
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        return List.of(Sample.json("""
                {"id":%2$d,"name":"#%3$d","email":"sari@example.com","created_at":"%4$s","currency":"IDR","total_price":"250000.00",\
                "financial_status":"paid","fulfillment_status":null,"customer":{"first_name":"Sari","last_name":"Dewi"},\
                "shipping_address":{"city":"Jakarta","zip":"10110","country_code":"ID","phone":"+6281234567890"},\
                "line_items":[{"title":"Batik shirt","quantity":1,"price":"250000.00","sku":"BATIK-%1$s"}]}"""
                .formatted(unique, Math.abs((long) unique.hashCode()), 1000 + Math.abs(unique.hashCode() % 9000), now),
                Map.of("X-Shopify-Topic", "orders/create", "X-Shopify-Webhook-Id", "test-" + unique,
                        "X-Shopify-Shop-Domain", "test-shop.myshopify.com", "X-Shopify-API-Version", "2025-01")));
    }
}
