package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** POST /hooks/{source}: what a sender gets back, and what is stored, on both stores. */
@ParameterizedClass
@EnumSource(TestStore.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestTest {

    private static final String SW_SECRET = "whsec_" + Base64.getEncoder().encodeToString("standard-webhooks-test-key".getBytes());

    private static final String SLACK_SECRET = "slack-signing-secret-0123";
    private static final String SHOPIFY_SECRET = "shopify-client-secret-0123";

    @Parameter
    TestStore store;

    private Gateway gateway;

    @BeforeParameterizedClassInvocation
    void start() {
        gateway = Gateway.onFreshStore(store, Map.ofEntries(
                // sources added by property alone, as -D or the environment would
                Map.entry("kurir.source.forms.verify", "hmac"),
                Map.entry("kurir.source.forms.header", "X-Form-Signature"),
                Map.entry("kurir.source.forms.secret", "form-secret"),
                Map.entry("kurir.source.leads.verify", "token"),
                Map.entry("kurir.source.leads.query", "token"),
                Map.entry("kurir.source.leads.secret", "lead-token"),
                Map.entry("kurir.source.stdhooks.verify", "standard-webhooks"),
                Map.entry("kurir.source.stdhooks.secret", SW_SECRET),
                Map.entry("kurir.source.flood.verify", "none"),
                Map.entry("kurir.source.flood.rate-limit", "5"),
                Map.entry("kurir.source.slack.verify", "slack"),
                Map.entry("kurir.source.slack.secret", SLACK_SECRET),
                Map.entry("kurir.source.shop.verify", "shopify"),
                Map.entry("kurir.source.shop.secret", SHOPIFY_SECRET)));
    }

    @AfterParameterizedClassInvocation
    void stop() {
        gateway.close();
    }

    private HttpResponse<String> postSendcloud(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return gateway.post("/hooks/sendcloud", "application/json", bytes, "Sendcloud-Signature", Signing.sendcloud(bytes));
    }

    private static String parcel(String unique) {
        return "{\"action\":\"parcel_status_changed\",\"timestamp\":1700000000000,\"parcel\":{\"id\":\"" + unique
                + "\",\"status\":{\"id\":3,\"message\":\"En route to sorting center\"}}}";
    }

    @Test
    void acceptsSignedWebhookAndStoresItsExactBytes() {
        String body = parcel("exact-bytes");
        HttpResponse<String> response = postSendcloud(body);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = Gateway.json(response.body());
        assertEquals("accepted", answer.get("status").asText());
        JsonNode stored = gateway.api("/api/events/" + answer.get("id").asText());
        assertEquals(body, stored.get("body").asText());
        assertEquals("parcel_status_changed", stored.get("type").asText());
        assertEquals("sendcloud", stored.get("source").asText());
        assertEquals("test", stored.get("environment").asText());
    }

    @Test
    void verifiesAndStoresALargeBodyLikeASmallOne() {
        // over 64 KiB: checked on a worker thread rather than on the event loop
        String body = "{\"action\":\"parcel_status_changed\",\"timestamp\":1700000000000,\"parcel\":{\"id\":\"large\","
                + "\"status\":{\"id\":3,\"message\":\"En route\"},\"note\":\"" + "n".repeat(300_000) + "\"}}";
        HttpResponse<String> accepted = postSendcloud(body);
        HttpResponse<String> forged = gateway.post("/hooks/sendcloud", "application/json", body.getBytes(StandardCharsets.UTF_8),
                "Sendcloud-Signature", Signing.sendcloud("something else".getBytes()));

        assertEquals(200, accepted.statusCode(), accepted.body());
        JsonNode stored = gateway.api("/api/events/" + Gateway.json(accepted.body()).get("id").asText());
        assertEquals(body, stored.get("body").asText());
        assertEquals(401, forged.statusCode(), forged.body());
    }

    @Test
    void answersDuplicateWithTheFirstIdForTheSameBody() {
        String first = Gateway.json(postSendcloud(parcel("twice")).body()).get("id").asText();
        HttpResponse<String> again = postSendcloud(parcel("twice"));

        assertEquals(200, again.statusCode());
        assertEquals("{\"id\":\"" + first + "\",\"status\":\"duplicate\"}", again.body());
    }

    @Test
    void usesTheProvidersDeliveryIdAsIdempotencyKey() {
        long ts = Instant.now().getEpochSecond();
        String first = postStandardWebhook("msg_same", ts, "{\"type\":\"invoice.paid\",\"n\":1}").body();
        String retry = postStandardWebhook("msg_same", ts, "{\"type\":\"invoice.paid\",\"n\":1}").body();
        String other = postStandardWebhook("msg_other", ts, "{\"type\":\"invoice.paid\",\"n\":1}").body();

        assertEquals(Gateway.json(first).get("id"), Gateway.json(retry).get("id"));
        assertEquals("duplicate", Gateway.json(retry).get("status").asText());
        assertEquals("accepted", Gateway.json(other).get("status").asText());
        JsonNode stored = gateway.api("/api/events/" + Gateway.json(first).get("id").asText());
        assertEquals("msg_same", stored.get("idempotencyKey").asText());
        assertEquals("invoice.paid", stored.get("type").asText());
    }

    @Test
    void acceptsSvixHeadersAndKeysBySvixId() {
        long ts = Instant.now().getEpochSecond();
        String body = "{\"type\":\"user.created\",\"data\":{\"id\":\"user_1\"}}";
        HttpResponse<String> first = postStandardWebhook("svix", "msg_svix_1", ts, body);
        HttpResponse<String> retry = postStandardWebhook("svix", "msg_svix_1", ts, body);

        assertEquals(200, first.statusCode(), first.body());
        assertEquals("duplicate", Gateway.json(retry.body()).get("status").asText());
        JsonNode stored = gateway.api("/api/events/" + Gateway.json(first.body()).get("id").asText());
        assertEquals("msg_svix_1", stored.get("idempotencyKey").asText());
        assertEquals("user.created", stored.get("type").asText());
    }

    @Test
    void answersSlackUrlVerificationWithItsChallengeWithoutStoringIt() {
        long before = gateway.api("/api/events?source=slack&limit=500").get("events").size();
        HttpResponse<String> answer = postSlack("application/json",
                "{\"token\":\"Jhj5dZrVaK7ZwHHjRyZWjbDl\",\"challenge\":\"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P\","
                        + "\"type\":\"url_verification\"}", Instant.now().getEpochSecond());

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", Gateway.json(answer.body()).get("challenge").asText());
        assertEquals(before, gateway.api("/api/events?source=slack&limit=500").get("events").size());
    }

    @Test
    void refusesAnUnsignedSlackUrlVerification() {
        HttpResponse<String> answer = gateway.post("/hooks/slack", "application/json",
                "{\"challenge\":\"c\",\"type\":\"url_verification\"}".getBytes());
        assertEquals(401, answer.statusCode(), answer.body());
    }

    @Test
    void namesSlackEventsByTheirInnerTypeAndKeysThemByEventId() {
        String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev0SLACK1\",\"event\":{\"type\":\"app_mention\",\"text\":\"hi\"}}";
        HttpResponse<String> answer = postSlack("application/json", body, Instant.now().getEpochSecond());

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode stored = gateway.api("/api/events/" + Gateway.json(answer.body()).get("id").asText());
        assertEquals("app_mention", stored.get("type").asText());
        assertEquals("Ev0SLACK1", stored.get("idempotencyKey").asText());
    }

    @Test
    void acceptsSlackSlashCommandsNamedByTheirCommand() {
        HttpResponse<String> answer = postSlack("application/x-www-form-urlencoded",
                "token=x&team_id=T1&command=%2Forder&text=ORDER-1&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1",
                Instant.now().getEpochSecond());

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("/order", gateway.api("/api/events/" + Gateway.json(answer.body()).get("id").asText()).get("type").asText());
    }

    @Test
    void acceptsSlackInteractivityNamedByItsPayloadsType() {
        HttpResponse<String> answer = postSlack("application/x-www-form-urlencoded",
                "payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22U1%22%7D%2C%22actions%22%3A%5B%7B%22action_id%22"
                        + "%3A%22approve%22%7D%5D%7D", Instant.now().getEpochSecond());

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("block_actions", gateway.api("/api/events/" + Gateway.json(answer.body()).get("id").asText()).get("type").asText());
    }

    @Test
    void acceptsShopifyUnprefixedHeadersAndKeysByTheirWebhookId() {
        byte[] body = "{\"id\":820982911946154508,\"email\":\"jon@example.com\"}".getBytes(StandardCharsets.UTF_8);
        String hmac = Base64.getEncoder().encodeToString(Signing.hmacSha256(SHOPIFY_SECRET, body));
        HttpResponse<String> answer = gateway.post("/hooks/shop", "application/json", body, "shopify-hmac-sha256", hmac,
                "shopify-topic", "orders/create", "shopify-webhook-id", "b54557e4-unprefixed");

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode stored = gateway.api("/api/events/" + Gateway.json(answer.body()).get("id").asText());
        assertEquals("orders/create", stored.get("type").asText());
        assertEquals("b54557e4-unprefixed", stored.get("idempotencyKey").asText());
    }

    private HttpResponse<String> postSlack(String contentType, String body, long ts) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = "v0=" + HexFormat.of().formatHex(Signing.hmacSha256(SLACK_SECRET,
                ("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8)));
        return gateway.post("/hooks/slack", contentType, bytes, "X-Slack-Request-Timestamp", Long.toString(ts), "X-Slack-Signature", signature);
    }

    private HttpResponse<String> postStandardWebhook(String id, long ts, String body) {
        return postStandardWebhook("webhook", id, ts, body);
    }

    /** @param family {@code webhook} or {@code svix}: the header names' prefix */
    private HttpResponse<String> postStandardWebhook(String family, String id, long ts, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] key = Base64.getDecoder().decode(SW_SECRET.substring("whsec_".length()));
        String signature;
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            signature = Base64.getEncoder().encodeToString(mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return gateway.post("/hooks/stdhooks", "application/json", bytes,
                family + "-id", id, family + "-timestamp", Long.toString(ts), family + "-signature", "v1," + signature);
    }

    @Test
    void refusesWrongSignatureAndStoresNothing() {
        String body = parcel("forged");
        HttpResponse<String> response = gateway.post("/hooks/sendcloud", "application/json", body.getBytes(),
                "Sendcloud-Signature", Signing.sendcloud("something else".getBytes()));

        assertEquals(401, response.statusCode());
        assertEquals("invalid_signature", Gateway.json(response.body()).get("error").asText());
        assertFalse(gateway.api("/api/events?source=sendcloud&limit=500").toString().contains("forged"));
    }

    @Test
    void refusesStaleTimestamp() {
        HttpResponse<String> response = postStandardWebhook("msg_old", Instant.now().getEpochSecond() - 3600, "{\"type\":\"x\"}");

        assertEquals(401, response.statusCode());
        assertEquals("stale_timestamp", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void answers404ForUnknownSource() {
        HttpResponse<String> response = gateway.post("/hooks/nobody", "application/json", "{}".getBytes());

        assertEquals(404, response.statusCode());
        assertEquals("unknown_source", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void answersJson404ForPathsThatNameNoSource() {
        for (String path : new String[] {"/hooks/a/b", "/hooks/", "/hooks", "/hooks/sendcloud/extra", "/hooks/%2e%2e%2fapi%2fevents"}) {
            HttpResponse<String> response = gateway.post(path, "application/json", "{}".getBytes());
            assertEquals(404, response.statusCode(), path);
            assertEquals("unknown_source", Gateway.json(response.body()).get("error").asText(), path);
        }
    }

    @Test
    void answersJson405ForOtherMethods() {
        HttpResponse<String> response = gateway.get("/hooks/sendcloud");

        assertEquals(405, response.statusCode());
        assertEquals("method_not_allowed", Gateway.json(response.body()).get("error").asText());
        assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void answers413ForBodyOverTheLimit() {
        byte[] body = new byte[1_048_577];
        java.util.Arrays.fill(body, (byte) 'a');
        HttpResponse<String> response = gateway.post("/hooks/sendcloud", "application/json", body);

        assertEquals(413, response.statusCode());
        assertEquals("payload_too_large", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void answers400ForDeclaredJsonThatDoesNotParse() {
        HttpResponse<String> response = postSendcloud("{\"action\":\"parcel_status_changed\",");

        assertEquals(400, response.statusCode());
        assertEquals("malformed_body", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void answers400ForXmlWithExternalEntity() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><order>&e;</order>";
        byte[] bytes = xml.getBytes();
        HttpResponse<String> response = gateway.post("/hooks/sendcloud", "application/xml", bytes,
                "Sendcloud-Signature", Signing.sendcloud(bytes));

        assertEquals(400, response.statusCode());
        assertFalse(response.body().contains("root:"));
    }

    @Test
    void acceptsXmlAndNamesItsTypeAfterTheRootElement() {
        byte[] bytes = "<parcelUpdate><id>7</id></parcelUpdate>".getBytes();
        HttpResponse<String> response = gateway.post("/hooks/sendcloud", "text/xml; charset=utf-8", bytes,
                "Sendcloud-Signature", Signing.sendcloud(bytes));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("parcelUpdate", gateway.api("/api/events/" + Gateway.json(response.body()).get("id").asText()).get("type").asText());
    }

    @Test
    void answers415ForUnsupportedContentType() {
        byte[] bytes = "hello".getBytes();
        HttpResponse<String> response = gateway.post("/hooks/sendcloud", "text/plain", bytes, "Sendcloud-Signature", Signing.sendcloud(bytes));

        assertEquals(415, response.statusCode());
        assertEquals("unsupported_media_type", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void verifiesFormPostsOverTheirRawBytes() {
        // the order and encoding of fields must survive exactly: a re-encoded form would not match
        byte[] form = "name=Budi+Santoso&phone=0812%2D3456&city=Jakarta".getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> response = gateway.post("/hooks/forms", "application/x-www-form-urlencoded", form,
                "X-Form-Signature", HexFormat.of().formatHex(Signing.hmacSha256("form-secret", form)));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode stored = gateway.api("/api/events/" + Gateway.json(response.body()).get("id").asText());
        assertEquals(new String(form), stored.get("body").asText());
        assertEquals("form.submitted", stored.get("type").asText());
    }

    @Test
    void acceptsMultipartFormPosts() {
        String multipart = "--XyZ\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nBudi\r\n--XyZ--\r\n";
        byte[] bytes = multipart.getBytes();
        HttpResponse<String> response = gateway.post("/hooks/forms", "multipart/form-data; boundary=XyZ", bytes,
                "X-Form-Signature", HexFormat.of().formatHex(Signing.hmacSha256("form-secret", bytes)));

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void turnsQueryParametersIntoLabelsButNeverTheToken() {
        HttpResponse<String> response = gateway.post("/hooks/leads?campaign_name=Expo&lead_status=new&token=lead-token",
                "application/x-www-form-urlencoded", "name=Sari".getBytes());

        assertEquals(200, response.statusCode(), response.body());
        JsonNode labels = gateway.api("/api/events/" + Gateway.json(response.body()).get("id").asText()).get("labels");
        assertEquals("Expo", labels.get("campaign_name").asText());
        assertEquals("new", labels.get("lead_status").asText());
        assertNull(labels.get("token"));
        assertNull(labels.get("source"));
    }

    @Test
    void neverLetsAQueryParameterPoseAsAHeaderThatSteersDelivery() {
        HttpResponse<String> response = gateway.post("/hooks/leads?token=lead-token&campaign=ok&CamelHttpUri=http%3A%2F%2Fevil"
                + "&camelHttpResponseCode=503&To=evil%40example.com&kurirEventId=x&Content-Type=text%2Fplain", "application/json",
                "{\"name\":\"Eve\"}".getBytes());

        assertEquals(200, response.statusCode(), response.body());
        JsonNode labels = gateway.api("/api/events/" + Gateway.json(response.body()).get("id").asText()).get("labels");
        assertEquals("{\"campaign\":\"ok\"}", labels.toString());
    }

    @Test
    void storesAnEventWhoseFieldsCarryNulCharacters() {
        HttpResponse<String> response = postSendcloud("{\"action\":\"parcel\\u0000status\",\"parcel\":{\"id\":\"nul\"}}");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("parcelstatus", gateway.api("/api/events/" + Gateway.json(response.body()).get("id").asText()).get("type").asText());
    }

    @Test
    void answers429BeyondASourcesRateLimitWhileOtherSourcesAreServed() {
        int limited = 0;
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> response = gateway.post("/hooks/flood", "application/json", ("{\"n\":" + i + "}").getBytes());
            if (response.statusCode() == 429) {
                limited++;
                assertEquals("rate_limited", Gateway.json(response.body()).get("error").asText());
                assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
            }
        }

        assertTrue(limited >= 10, "limited " + limited);
        assertEquals(200, postSendcloud(parcel("while-flooded")).statusCode());
    }

    @Test
    void masksSecretHeadersInTheStoredEvent() {
        byte[] body = "{\"event\":\"order.waybill_id\",\"order_id\":\"mask-1\",\"status\":\"allocated\"}".getBytes();
        HttpResponse<String> response = gateway.post("/hooks/biteship", "application/json", body,
                "X-Biteship-Signature", Signing.BITESHIP_SECRET, "Authorization", "Bearer something");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode event = gateway.api("/api/events/" + Gateway.json(response.body()).get("id").asText());
        String stored = event.get("headers").toString();
        assertFalse(stored.contains(Signing.BITESHIP_SECRET), stored);
        assertFalse(stored.contains("Bearer something"), stored);
        assertTrue(stored.toLowerCase().contains("\"x-biteship-signature\":\"***\""), stored);
    }

    @Test
    void answersBiteshipInstallationProbeWithoutStoringIt() {
        long before = gateway.api("/api/events?source=biteship&limit=500").get("events").size();
        HttpResponse<String> empty = gateway.post("/hooks/biteship", null, new byte[0]);
        HttpResponse<String> braces = gateway.post("/hooks/biteship", "application/json", "{}".getBytes());
        HttpResponse<String> spaced = gateway.post("/hooks/biteship", "application/json", " {\r\n\t} \n".getBytes());
        HttpResponse<String> notAProbe = gateway.post("/hooks/biteship", "application/json", "{}}".getBytes());

        assertEquals(200, empty.statusCode());
        assertEquals("{\"status\":\"ok\"}", empty.body());
        assertEquals("{\"status\":\"ok\"}", braces.body());
        assertEquals("{\"status\":\"ok\"}", spaced.body());
        assertEquals(401, notAProbe.statusCode(), "an unsigned body that is not a probe is verified like any other");
        assertEquals(before, gateway.api("/api/events?source=biteship&limit=500").get("events").size());
    }

    @Test
    void neverEchoesRequestHeadersInTheAnswer() {
        byte[] body = parcel("echo").getBytes();
        String signature = Signing.sendcloud(body);
        HttpResponse<String> response = gateway.post("/hooks/sendcloud", "application/json", body,
                "Sendcloud-Signature", signature, "X-Custom", "private");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Sendcloud-Signature").isEmpty());
        assertTrue(response.headers().firstValue("X-Custom").isEmpty());
        assertNotEquals(-1, response.headers().firstValue("Content-Type").orElse("").indexOf("application/json"));
    }
}
