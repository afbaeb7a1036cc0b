package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Gateway;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A scheme that signs the URL (Twilio) sees the one the sender addressed: `kurir.public-url` when set,
 * else Kurir's own, whatever `X-Forwarded-*` a sender that is no trusted proxy claims. The embedded store
 * only: what is checked happens before anything is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedUrlIngestTest {

    private static final String TOKEN = "twilio-ingest-test-auth-token";
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String PATH = "/hooks/sms?campaign=x";

    /** With `kurir.public-url`, as behind a proxy. */
    private Gateway proxied;
    /** Without it, nor any trusted proxy. */
    private Gateway direct;
    /** Without it, behind a proxy on this machine. */
    private Gateway trusting;

    @BeforeAll
    void start() {
        proxied = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                "kurir.public-url", "https://hooks.example.com/",
                "kurir.source.sms.verify", "twilio",
                "kurir.source.sms.secret", TOKEN));
        direct = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                "kurir.source.sms.verify", "twilio",
                "kurir.source.sms.secret", TOKEN));
        trusting = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                "kurir.ingest.trusted-proxies", "127.0.0.1",
                "kurir.source.sms.verify", "twilio",
                "kurir.source.sms.secret", TOKEN));
    }

    @AfterAll
    void stop() {
        try {
            proxied.close();
        } finally {
            try {
                direct.close();
            } finally {
                trusting.close();
            }
        }
    }

    private static String status(String sid) {
        return "MessageSid=" + sid + "&SmsSid=" + sid + "&AccountSid=AC1&From=%2B6281100000000&To=%2B6281234567890"
                + "&MessageStatus=delivered&SmsStatus=delivered&ApiVersion=2010-04-01";
    }

    /** What Twilio would sign, computed here apart from Kurir's scheme: the URL then the fields sorted by name, decoded. */
    private static String sign(String url, String sid) {
        String signed = url + "AccountSidAC1ApiVersion2010-04-01From+6281100000000MessageSid" + sid + "MessageStatusdelivered"
                + "SmsSid" + sid + "SmsStatusdeliveredTo+6281234567890";
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> post(Gateway gateway, String sid, String signature, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "X-Twilio-Signature";
        all[1] = signature;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return gateway.post(PATH, FORM, status(sid).getBytes(StandardCharsets.UTF_8), all);
    }

    @Test
    void acceptsFormSignedForThePublicUrl() {
        HttpResponse<String> response = post(proxied, "SMpublic", sign("https://hooks.example.com" + PATH, "SMpublic"),
                "I-Twilio-Idempotency-Token", "token-public");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode answer = Gateway.json(response.body());
        assertEquals("accepted", answer.get("status").asText());
        JsonNode stored = proxied.api("/api/events/" + answer.get("id").asText());
        assertEquals("message.delivered", stored.get("type").asText());
        assertEquals("token-public", stored.get("idempotencyKey").asText());
    }

    @Test
    void refusesFormSignedForTheGatewaysOwnUrlWhenPublicUrlIsSet() {
        HttpResponse<String> response = post(proxied, "SMown", sign(proxied.url(PATH), "SMown"));

        assertEquals(401, response.statusCode(), response.body());
        assertEquals("invalid_signature", Gateway.json(response.body()).get("error").asText());
    }

    @Test
    void ignoresForwardedHeadersFromAnUntrustedAddress() {
        String forwarded = sign("https://hooks.example.com" + PATH, "SMforged");
        HttpResponse<String> refused = post(direct, "SMforged", forwarded,
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "hooks.example.com");

        assertEquals(401, refused.statusCode(), refused.body());
        assertEquals("invalid_signature", Gateway.json(refused.body()).get("error").asText());
    }

    @Test
    void acceptsFormSignedForItsOwnUrlDespiteForwardedHeadersFromAnUntrustedAddress() {
        HttpResponse<String> accepted = post(direct, "SMdirect", sign(direct.url(PATH), "SMdirect"),
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "hooks.example.com");

        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals("accepted", Gateway.json(accepted.body()).get("status").asText());
    }

    @Test
    void believesForwardedHeadersFromATrustedProxy() {
        HttpResponse<String> accepted = post(trusting, "SMtrusted", sign("https://hooks.example.com" + PATH, "SMtrusted"),
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "hooks.example.com");

        assertEquals(200, accepted.statusCode(), accepted.body());
        assertEquals("accepted", Gateway.json(accepted.body()).get("status").asText());
    }
}
