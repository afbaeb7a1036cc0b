package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A corpus of generated hostile requests: every one gets a 4xx with a JSON error, none a 5xx,
 * and nothing unverified or malformed is stored.
 */
class HostileInputTest {

    private static final String SW_SECRET = "whsec_" + Base64.getEncoder().encodeToString("hostile-test-key-0123".getBytes());
    private static final String MIDTRANS_KEY = "SB-Mid-server-hostileTestKey0123";
    private static final String XENDIT_TOKEN = "xnd_hostile_callback_token_0123456789";
    private static final String WOO_SECRET = "wc_hostile_secret_0123";
    private static final String PADDLE_SECRET = "pdl_ntfset_hostile_0123456789";
    private static final String TWILIO_TOKEN = "twilio_hostile_auth_token_0123";
    private static final String TYPEFORM_SECRET = "typeform_hostile_secret_0123";
    private static final String SLACK_SECRET = "slack_hostile_secret_0123";
    private static final String SHOPIFY_SECRET = "shopify_hostile_secret_0123";

    private record Attack(String name, String path, String contentType, byte[] body, String[] headers) {
    }

    private static Gateway gateway;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(Map.of(
                "kurir.source.stdhooks.verify", "standard-webhooks", "kurir.source.stdhooks.secret", SW_SECRET,
                "kurir.source.midtrans.verify", "midtrans", "kurir.source.midtrans.secret", MIDTRANS_KEY,
                "kurir.source.xendit.verify", "xendit", "kurir.source.xendit.secret", XENDIT_TOKEN,
                "kurir.source.woo.verify", "woocommerce", "kurir.source.woo.secret", WOO_SECRET,
                "kurir.ingest.max-body-bytes", "65536"));
        settings.putAll(Map.of("kurir.source.paddle.verify", "paddle", "kurir.source.paddle.secret", PADDLE_SECRET,
                "kurir.source.sms.verify", "twilio", "kurir.source.sms.secret", TWILIO_TOKEN,
                "kurir.source.forms.verify", "typeform", "kurir.source.forms.secret", TYPEFORM_SECRET,
                "kurir.source.slack.verify", "slack", "kurir.source.slack.secret", SLACK_SECRET,
                "kurir.source.shop.verify", "shopify", "kurir.source.shop.secret", SHOPIFY_SECRET));
        gateway = Gateway.onFreshStore(TestStore.EMBEDDED, settings);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static Attack signed(String name, String contentType, byte[] body) {
        return new Attack(name, "/hooks/sendcloud", contentType, body, new String[] {"Sendcloud-Signature", Signing.sendcloud(body)});
    }

    private static List<Attack> corpus() {
        Random random = new Random(4711);
        List<Attack> attacks = new ArrayList<>();
        String valid = "{\"action\":\"parcel_status_changed\",\"parcel\":{\"id\":1,\"status\":{\"id\":11,\"message\":\"Delivered\"}}}";
        for (int i = 0; i < 300; i++) {
            // truncated JSON, correctly signed: the signature is right, the body is not JSON
            String cut = valid.substring(0, 1 + random.nextInt(valid.length() - 2));
            attacks.add(signed("truncated json " + i, "application/json", cut.getBytes()));
        }
        for (int depth : new int[] {2_000, 10_000, 50_000}) {
            attacks.add(signed("nested json " + depth, "application/json", ("[".repeat(depth) + "]".repeat(depth)).getBytes()));
        }
        String[] xml = {"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>",
            "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>",
            "<x><y></x>", "<x>", "not xml at all", "<?xml version=\"1.0\"?><!DOCTYPE x SYSTEM \"http://127.0.0.1:9/dtd\"><x/>"};
        for (int i = 0; i < 120; i++) {
            attacks.add(signed("hostile xml " + i, "application/xml", xml[i % xml.length].getBytes()));
        }
        for (int i = 0; i < 100; i++) {
            byte[] bytes = new byte[20 + random.nextInt(200)];
            random.nextBytes(bytes);
            bytes[0] = '{';
            attacks.add(signed("invalid utf-8 " + i, "application/json", bytes));
        }
        for (int i = 0; i < 100; i++) {
            String[] types = {"text/plain", "application/octet-stream", "image/png", "text/html", "application/x-java-serialized-object"};
            attacks.add(signed("wrong content type " + i, types[i % types.length], valid.getBytes()));
        }
        for (int i = 0; i < 20; i++) {
            byte[] big = new byte[65_537 + random.nextInt(1_000)];
            attacks.add(signed("just over the limit " + i, "application/json", big));
        }
        for (int i = 0; i < 50; i++) {
            String bomb = ("--b\r\nContent-Disposition: form-data; name=\"x" + i + "\"\r\n\r\nv\r\n").repeat(500);
            attacks.add(new Attack("unsigned multipart bomb " + i, "/hooks/sendcloud", "multipart/form-data; boundary=b",
                    bomb.getBytes(), new String[] {"Sendcloud-Signature", "00"}));
        }
        for (int i = 0; i < 150; i++) {
            byte[] body = (valid + " ").repeat(1 + i % 3).getBytes();
            String good = Signing.sendcloud(body);
            String[][] headerSets = {
                {"Sendcloud-Signature", good.toUpperCase().replace('A', 'B')},
                {"Sendcloud-Signature", "sha256=" + good},
                {"Sendcloud-Signature", good + "00"},
                {"Sendcloud-Signature", ""},
                {"Sendcloud-Signature", good.substring(0, 32)},
                {"X-Sendcloud-Signature", good}};
            attacks.add(new Attack("forged signature " + i, "/hooks/sendcloud", "application/json", body, headerSets[i % headerSets.length]));
        }
        for (int i = 0; i < 100; i++) {
            long ts = Instant.now().getEpochSecond() + (i % 2 == 0 ? -3_600 - i : 3_600 + i);
            String id = "msg_" + i;
            byte[] body = "{\"type\":\"x\"}".getBytes();
            String signature = standardWebhookSignature(id, ts, body);
            attacks.add(new Attack("replayed or future timestamp " + i, "/hooks/stdhooks", "application/json", body,
                    new String[] {"webhook-id", id, "webhook-timestamp", Long.toString(ts), "webhook-signature", "v1," + signature}));
        }
        providerForgeries(attacks);
        headerSignatureForgeries(attacks);
        String[] paths = {"/hooks/..%2fapi%2fevents", "/hooks/%00", "/hooks/sendcloud%2f..", "/hooks/SENDCLOUD", "/hooks/sendcloud/",
            "/hooks/" + "a".repeat(2_000), "/hooks/%E2%80%AEsendcloud", "/hooks/sendcloud%20", "/hooks/.", "/hooks/send cloud"};
        for (int i = 0; i < 100; i++) {
            attacks.add(new Attack("path trick " + i, paths[i % paths.length].replace(" ", "%20"), "application/json", valid.getBytes(),
                    new String[] {"Sendcloud-Signature", Signing.sendcloud(valid.getBytes())}));
        }
        return attacks;
    }

    /** Forged or unsigned requests to the providers that sign in the body, send a token, or answer an unsigned ping. */
    private static void providerForgeries(List<Attack> attacks) {
        String notification = "{\"transaction_status\":\"settlement\",\"order_id\":\"order-%d\",\"status_code\":\"200\","
                + "\"gross_amount\":\"20000.00\",\"signature_key\":\"%s\"}";
        for (int i = 0; i < 20; i++) {
            String order = "order-" + i + "200" + "20000.00";
            String[] signatures = {sha512Hex(order + MIDTRANS_KEY + "x"), sha512Hex(order), sha512Hex("order-" + (i + 1) + "20020000.00" + MIDTRANS_KEY),
                "", "00", sha512Hex(order + MIDTRANS_KEY).substring(0, 64)};
            String body = notification.formatted(i, signatures[i % signatures.length]);
            attacks.add(new Attack("forged midtrans signature_key " + i, "/hooks/midtrans", "application/json", body.getBytes(), new String[0]));
        }
        String signed = "order-1" + "200" + "20000.00";
        attacks.add(new Attack("midtrans without signature_key", "/hooks/midtrans", "application/json",
                "{\"order_id\":\"order-1\",\"status_code\":\"200\",\"gross_amount\":\"20000.00\"}".getBytes(), new String[0]));
        attacks.add(new Attack("midtrans as a form", "/hooks/midtrans", "application/x-www-form-urlencoded",
                ("order_id=order-1&status_code=200&gross_amount=20000.00&signature_key=" + sha512Hex(signed)).getBytes(), new String[0]));
        attacks.add(new Attack("midtrans signed field twice", "/hooks/midtrans", "application/json",
                notification.formatted(1, sha512Hex(signed + MIDTRANS_KEY)).replace("}", ",\"gross_amount\":\"1.00\"}").getBytes(), new String[0]));
        String invoice = "{\"id\":\"593f4ed1c3d3bb7f39733d83\",\"status\":\"PAID\",\"merchant_name\":\"Xendit\",\"amount\":2000000}";
        String[][] tokens = {{"x-callback-token", XENDIT_TOKEN + "0"}, {"x-callback-token", XENDIT_TOKEN.substring(1)},
            {"x-callback-token", ""}, {"X-Callback-Signature", XENDIT_TOKEN}, {"Authorization", "Bearer " + XENDIT_TOKEN}};
        for (int i = 0; i < 20; i++) {
            attacks.add(new Attack("forged xendit token " + i, "/hooks/xendit", "application/json", invoice.getBytes(), tokens[i % tokens.length]));
        }
        byte[] order = "{\"id\":727,\"status\":\"processing\",\"total\":\"29.35\"}".getBytes();
        String good = Base64.getEncoder().encodeToString(Signing.hmacSha256(WOO_SECRET, order));
        String[][] wooHeaders = {
            {"X-WC-Webhook-Signature", Base64.getEncoder().encodeToString(Signing.hmacSha256(WOO_SECRET + "x", order))},
            {"X-WC-Webhook-Signature", HexFormat.of().formatHex(Signing.hmacSha256(WOO_SECRET, order))},
            {"X-WC-Webhook-Signature", "sha256=" + good},
            {"X-WC-Webhook-Signature", ""},
            {"X-WC-Webhook-Topic", "order.created"}};
        for (int i = 0; i < 20; i++) {
            attacks.add(new Attack("forged woocommerce signature " + i, "/hooks/woo", "application/json", order, wooHeaders[i % wooHeaders.length]));
        }
        // what is not exactly WooCommerce's ping is a webhook, and unsigned
        String[] notPings = {"webhook_id=12&x=1", "webhook_id=", "webhook_id=12\n", "webhook_id=-1", "webhook_id=" + "9".repeat(20)};
        for (String body : notPings) {
            attacks.add(new Attack("unsigned not a woocommerce ping " + body.strip(), "/hooks/woo", "application/x-www-form-urlencoded",
                    body.getBytes(), new String[0]));
        }
        attacks.add(new Attack("signed woocommerce ping body, bad signature", "/hooks/woo", "application/x-www-form-urlencoded",
                "webhook_id=12".getBytes(), new String[] {"X-WC-Webhook-Signature", good}));
    }

    /** Forged, stale and misplaced signatures for the providers that sign in headers. */
    private static void headerSignatureForgeries(List<Attack> attacks) {
        byte[] json = "{\"event_id\":\"evt_1\",\"event_type\":\"transaction.completed\",\"data\":{\"id\":\"txn_1\"}}".getBytes();
        long now = Instant.now().getEpochSecond();
        String paddleGood = HexFormat.of().formatHex(Signing.hmacSha256(PADDLE_SECRET, (now + ":" + new String(json)).getBytes()));
        String[] paddle = {"ts=" + now + ";h1=" + HexFormat.of().formatHex(Signing.hmacSha256(PADDLE_SECRET + "x", (now + ":" + new String(json)).getBytes())),
            "ts=" + (now - 3_600) + ";h1=" + HexFormat.of().formatHex(Signing.hmacSha256(PADDLE_SECRET, ((now - 3_600) + ":" + new String(json)).getBytes())),
            "h1=" + paddleGood, "ts=" + now, "ts=" + now + ";h1=" + paddleGood.toUpperCase().replace('A', 'B'), ""};
        for (int i = 0; i < 18; i++) {
            attacks.add(new Attack("forged paddle signature " + i, "/hooks/paddle", "application/json", json,
                    new String[] {"Paddle-Signature", paddle[i % paddle.length]}));
        }
        byte[] form = "Body=Halo&From=%2B628123&MessageSid=SM1&SmsStatus=received".getBytes();
        String[] twilio = {Base64.getEncoder().encodeToString(Signing.hmacSha256(TWILIO_TOKEN, form)), "", "AAAA",
            Base64.getEncoder().encodeToString(Signing.hmacSha256(TWILIO_TOKEN, "https://evil.example/hooks/sms".getBytes()))};
        for (int i = 0; i < 12; i++) {
            attacks.add(new Attack("forged twilio signature " + i, "/hooks/sms", "application/x-www-form-urlencoded", form,
                    new String[] {"X-Twilio-Signature", twilio[i % twilio.length]}));
        }
        String typeformGood = Base64.getEncoder().encodeToString(Signing.hmacSha256(TYPEFORM_SECRET, json));
        String[] typeform = {typeformGood, "sha1=" + typeformGood, "sha256=" + HexFormat.of().formatHex(Signing.hmacSha256(TYPEFORM_SECRET, json)),
            "sha256=" + Base64.getEncoder().encodeToString(Signing.hmacSha256(TYPEFORM_SECRET + "x", json))};
        for (int i = 0; i < 12; i++) {
            attacks.add(new Attack("forged typeform signature " + i, "/hooks/forms", "application/json", json,
                    new String[] {"Typeform-Signature", typeform[i % typeform.length]}));
        }
        byte[] challenge = "{\"type\":\"url_verification\",\"challenge\":\"c\"}".getBytes();
        String slackGood = "v0=" + HexFormat.of().formatHex(Signing.hmacSha256(SLACK_SECRET, ("v0:" + now + ":" + new String(challenge)).getBytes()));
        String[][] slack = {{"X-Slack-Request-Timestamp", Long.toString(now - 600), "X-Slack-Signature", "v0=" + HexFormat.of().formatHex(
                Signing.hmacSha256(SLACK_SECRET, ("v0:" + (now - 600) + ":" + new String(challenge)).getBytes()))},
            {"X-Slack-Request-Timestamp", Long.toString(now + 1), "X-Slack-Signature", slackGood},
            {"X-Slack-Signature", slackGood}, {"X-Slack-Request-Timestamp", Long.toString(now)}};
        for (int i = 0; i < 12; i++) {
            attacks.add(new Attack("forged slack url_verification " + i, "/hooks/slack", "application/json", challenge, slack[i % slack.length]));
        }
        // read before verification (is it Slack's ssl_check?): a broken form must still be a 401, never a 500
        for (String body : new String[] {"ssl_check=%", "ssl_check=%zz", "a=%E0%A4&ssl_check=1", "ssl_check=1&command=%2Forder",
            "%%%=%"}) {
            attacks.add(new Attack("broken or padded slack ssl_check " + body, "/hooks/slack", "application/x-www-form-urlencoded",
                    body.getBytes(), new String[0]));
        }
        String[][] shopify = {{"shopify-hmac-sha256", HexFormat.of().formatHex(Signing.hmacSha256(SHOPIFY_SECRET, json))},
            {"X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(Signing.hmacSha256(SHOPIFY_SECRET + "x", json))},
            {"X-Shopify-Topic", "orders/create", "shopify-webhook-id", "w1"}};
        for (int i = 0; i < 9; i++) {
            attacks.add(new Attack("forged shopify hmac " + i, "/hooks/shop", "application/json", json, shopify[i % shopify.length]));
        }
    }

    private static String sha512Hex(String text) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String standardWebhookSignature(String id, long ts, byte[] body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(SW_SECRET.substring(6)), "HmacSHA256"));
            mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void answersEveryHostileRequestWith4xxJsonAndStoresNothing() {
        List<Attack> corpus = corpus();
        assertTrue(corpus.size() >= 1_000, "corpus of " + corpus.size());
        for (Attack attack : corpus) {
            HttpResponse<String> response = gateway.post(attack.path(), attack.contentType(), attack.body(), attack.headers());
            int status = response.statusCode();
            assertTrue(status >= 400 && status < 500, attack.name() + " answered " + status + ": " + response.body());
            assertTrue(Gateway.json(response.body()).hasNonNull("error"), attack.name() + " answered " + response.body());
        }
        assertEquals(0, gateway.api("/api/events?limit=500").get("events").size(), "nothing was stored");
        assertEquals("UP", Gateway.json(gateway.get("/observe/health").body()).get("status").asText());
    }
}
