package io.kurir.provider.woocommerce;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Request;
import io.kurir.provider.Sample;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.HmacScheme;
import io.kurir.verify.SignatureScheme;

/**
 * WooCommerce core webhooks ({@code WC_Webhook::deliver()}): {@code X-WC-Webhook-Signature} is the standard
 * base64 of the HMAC-SHA256 of the raw body (PHP's {@code wp_json_encode}, so {@code /} arrives as {@code \/}:
 * never re-serialise), keyed with the webhook's secret as shown in the admin (HTML entities decoded). No
 * timestamp, no prefix, no key rotation; a site may change the algorithm with the filter
 * {@code woocommerce_webhook_hash_algorithm}, and only the default sha256 is supported here.
 * <p>
 * Beside it: {@code X-WC-Webhook-Topic} ({@code order.created}, {@code product.deleted},
 * {@code action.woocommerce_…}), {@code X-WC-Webhook-Resource}, {@code X-WC-Webhook-Event},
 * {@code X-WC-Webhook-ID} (the webhook's number), {@code X-WC-Webhook-Source} (the shop's home URL) and
 * {@code X-WC-Webhook-Delivery-ID}, {@code wp_hash(webhook id . time())}: new at each delivery but only
 * per second, so two deliveries of one webhook in the same second share it. WooCommerce does not retry:
 * a delivery answered outside 200–302 is counted, and after more than 5 failures in a row the webhook is
 * disabled.
 * <p>
 * Saving a webhook (and creating one through the REST API) first POSTs {@code webhook_id=<n>}, unsigned and
 * without any {@code X-WC-Webhook-*} header, and saves the webhook only if the answer is exactly 200.
 * https://woocommerce.com/document/webhooks/ (and {@code includes/class-wc-webhook.php} in WooCommerce's source)
 */
public final class WoocommerceProvider implements Provider {

    static final String SIGNATURE = "X-WC-Webhook-Signature";
    static final String TOPIC = "X-WC-Webhook-Topic";
    static final String DELIVERY_ID = "X-WC-Webhook-Delivery-ID";
    /** {@code 'webhook_id=' . $this->get_id()}; at most 19 digits, a PHP integer. */
    private static final Pattern PING = Pattern.compile("webhook_id=[0-9]{1,19}");

    @Override
    public String name() {
        return "woocommerce";
    }

    @Override
    public String checks() {
        return "`X-WC-Webhook-Signature`: base64 HMAC-SHA256 of the raw body. The unsigned ping `webhook_id=<n>` sent when a webhook "
                + "is saved is answered `{\"status\":\"ok\"}`, not stored";
    }

    @Override
    public String documentation() {
        return "https://woocommerce.com/document/webhooks/";
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        return secret -> new HmacScheme(SIGNATURE, "HmacSHA256", HmacScheme.Encoding.BASE64, "", secret);
    }

    @Override
    public Set<String> signatureHeaders(SourceSettings settings) {
        return Set.of(SIGNATURE);
    }

    @Override
    public List<From> eventType() {
        return List.of(From.header(TOPIC), new From("headers `X-WC-Webhook-Resource`.`X-WC-Webhook-Event`", request -> {
            String resource = request.header("X-WC-Webhook-Resource");
            String event = request.header("X-WC-Webhook-Event");
            return resource == null || event == null || resource.isBlank() || event.isBlank() ? null : resource.trim() + "." + event.trim();
        }));
    }

    /**
     * The delivery id alone would make the second of two deliveries in one second a duplicate (it is a hash
     * of webhook id and time in seconds), so the body's SHA-256 is added to it.
     */
    @Override
    public List<From> idempotencyKey() {
        return List.of(new From("header `" + DELIVERY_ID + "` and the body's SHA-256", WoocommerceProvider::deliveryKey));
    }

    static String deliveryKey(Request request) {
        String delivery = request.header(DELIVERY_ID);
        return delivery == null || delivery.isBlank() ? null : delivery.trim() + ":" + sha256(request.body());
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ping of {@code WC_Webhook::deliver_ping()}: exactly {@code webhook_id=<digits>}, and no signature. */
    @Override
    public Optional<String> probe(byte[] body, Function<String, String> headers) {
        return isPing(body, headers) ? Optional.of("{\"status\":\"ok\"}") : Optional.empty();
    }

    static boolean isPing(byte[] body, Function<String, String> headers) {
        return body.length <= "webhook_id=".length() + 19 && headers.apply(SIGNATURE) == null
                && PING.matcher(new String(body, StandardCharsets.US_ASCII)).matches();
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        long order = 1000 + Math.floorMod(unique.hashCode(), 900_000);
        String created = now.toString().substring(0, 19);
        Map<String, String> headers = Map.of(
                "X-WC-Webhook-Source", "https://shop.example.com/",
                TOPIC, "order.created",
                "X-WC-Webhook-Resource", "order",
                "X-WC-Webhook-Event", "created",
                "X-WC-Webhook-ID", "12",
                DELIVERY_ID, "test" + unique);
        return List.of(Sample.json("""
                {"id":%2$d,"parent_id":0,"number":"%2$d","order_key":"wc_order_%1$s","created_via":"checkout","version":"9.4.0",\
                "status":"processing","currency":"IDR","date_created":"%3$s","date_created_gmt":"%3$s","date_modified":"%3$s",\
                "discount_total":"0","shipping_total":"15000","total":"265000","total_tax":"0","prices_include_tax":false,\
                "customer_id":0,"customer_note":"Kurir test event","billing":{"first_name":"Sari","last_name":"Dewi",\
                "address_1":"Jalan Merdeka 1","city":"Jakarta","postcode":"10110","country":"ID","email":"sari@example.com",\
                "phone":"+6281234567890"},"payment_method":"bacs","payment_method_title":"Direct bank transfer",\
                "line_items":[{"id":1,"name":"Batik shirt","product_id":93,"quantity":1,"subtotal":"250000","total":"250000",\
                "sku":"BATIK-%1$s","price":250000}],"_links":{"self":[{"href":"https:\\/\\/shop.example.com\\/wp-json\\/wc\\/v3\\/orders\\/%2$d"}]}}"""
                .formatted(unique, order, created), headers));
    }
}
