package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.kurir.support.Downstream;
import io.kurir.support.Downstream.Answer;
import io.kurir.support.Gateway;
import io.kurir.support.TestStore;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped notification routes end to end: form leads to a CRM, Telegram and WhatsApp, and
 * Biteship deliveries to Telegram and mail, against a real SMTP server (GreenMail) and local HTTP
 * servers that answer like the Telegram Bot API and the WhatsApp Cloud API.
 */
class NotifyTest {

    private static final String TELEGRAM_TOKEN = "123456:test-bot-token";
    private static final String TELEGRAM_OK =
            "{\"ok\":true,\"result\":{\"message_id\":1,\"date\":0,\"chat\":{\"id\":42,\"type\":\"private\"},\"text\":\"sent\"}}";
    private static final String WHATSAPP_OK =
            "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"x\",\"wa_id\":\"x\"}],\"messages\":[{\"id\":\"wamid.1\"}]}";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    private static Downstream crm;
    private static Downstream telegram;
    private static Downstream whatsapp;
    private static Gateway gateway;

    @BeforeAll
    static void start() throws Exception {
        crm = new Downstream();
        telegram = new Downstream();
        whatsapp = new Downstream();
        gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.ofEntries(
                Map.entry("kurir.destination.crm.url", crm.url("/crm/leads")),
                Map.entry("kurir.telegram.base-uri", telegram.url("")),
                Map.entry("kurir.telegram.token", TELEGRAM_TOKEN),
                Map.entry("kurir.telegram.sales-chat-id", "-100777"),
                Map.entry("kurir.telegram.ops-chat-id", "-100888"),
                Map.entry("kurir.whatsapp.base-uri", whatsapp.url("")),
                Map.entry("kurir.whatsapp.token", "wa-test-token"),
                Map.entry("kurir.whatsapp.phone-number-id", "1055"),
                Map.entry("kurir.mail.port", Integer.toString(mail.getSmtp().getPort())),
                Map.entry("kurir.mail.shop-to", "shop@toko.example"),
                Map.entry("kurir.retry.max-attempts", "3"),
                Map.entry("kurir.retry.initial-delay", "200"),
                Map.entry("kurir.retry.max-delay", "400"),
                Map.entry("kurir.deliver.poll-interval", "50")));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        crm.close();
        telegram.close();
        whatsapp.close();
    }

    @BeforeEach
    void answerLikeTheRealApis() throws Exception {
        crm.reset();
        telegram.reset();
        whatsapp.reset();
        telegram.otherwise(new Answer(200, JSON, TELEGRAM_OK));
        whatsapp.otherwise(new Answer(200, JSON, WHATSAPP_OK));
        mail.purgeEmailFromAllMailboxes();
    }

    private String postLead(String contentType, byte[] body) {
        var response = gateway.post("/hooks/leads?campaign_name=Expo&campaign_type=event&lead_status=new&token=dev-leads-token",
                contentType, body);
        assertEquals(200, response.statusCode(), response.body());
        return Gateway.json(response.body()).get("id").asText();
    }

    private void assertLeadForwarded(String eventId) throws Exception {
        JsonNode lead = Gateway.json(crm.next(r -> r.text().contains(eventId)).text());
        assertEquals("Budi Santoso", lead.get("full_name").asText());
        assertEquals("+6281234567890", lead.get("phone").asText());
        assertEquals("budi@example.com", lead.get("email").asText());
        assertEquals("Expo", lead.get("campaign_name").asText());
        assertEquals("event", lead.get("campaign_type").asText());
        assertEquals("new", lead.get("lead_status").asText());
        assertEquals(eventId, lead.get("kurir_event_id").asText());

        Downstream.Received sent = telegram.next(r -> r.text().contains(eventId));
        assertEquals("/bot" + TELEGRAM_TOKEN + "/sendMessage", sent.path());
        JsonNode message = Gateway.json(new String(sent.body(), StandardCharsets.UTF_8));
        assertEquals("-100777", message.get("chat_id").asText());
        assertEquals("HTML", message.get("parse_mode").asText());
        String text = message.get("text").asText();
        assertTrue(text.startsWith("<b>New lead</b> · Expo\nName: <b>Budi Santoso</b>\nPhone: 0812-3456-7890\n"), text);
        // user data is escaped, so a form cannot break the markup
        assertTrue(text.contains("Message: &lt;b&gt;Halo&lt;/b&gt; &amp; salam"), text);

        Downstream.Received wa = whatsapp.next(r -> r.text().contains("Budi Santoso"));
        assertEquals("/v21.0/1055/messages", wa.path());
        assertEquals("Bearer wa-test-token", wa.header("Authorization"));
        JsonNode waMessage = Gateway.json(new String(wa.body(), StandardCharsets.UTF_8));
        assertEquals("whatsapp", waMessage.get("messaging_product").asText());
        assertEquals("6281234567890", waMessage.get("to").asText());
        assertEquals("text", waMessage.get("type").asText());
        assertEquals("Halo Budi Santoso, terima kasih sudah mengisi formulir kami di Expo. Tim kami akan segera menghubungi Anda.",
                waMessage.get("text").get("body").asText().strip());
    }

    @Test
    void forwardsAnUrlencodedLeadToCrmTelegramAndWhatsApp() throws Exception {
        String id = postLead("application/x-www-form-urlencoded",
                "name=Budi+Santoso&phone=0812-3456-7890&email=budi%40example.com&message=%3Cb%3EHalo%3C%2Fb%3E+%26+salam".getBytes());

        assertLeadForwarded(id);
    }

    @Test
    void forwardsAMultipartLeadToCrmTelegramAndWhatsApp() throws Exception {
        String body = part("name", "Budi Santoso") + part("phone", "0812-3456-7890") + part("email", "budi@example.com")
                + part("message", "<b>Halo</b> & salam") + "--B0undary--\r\n";
        String id = postLead("multipart/form-data; boundary=B0undary", body.getBytes(StandardCharsets.UTF_8));

        assertLeadForwarded(id);
    }

    private static String part(String name, String value) {
        return "--B0undary\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
    }

    @Test
    void forwardsAJsonLeadToCrmTelegramAndWhatsApp() throws Exception {
        String id = postLead("application/json", ("{\"name\":\"Budi Santoso\",\"phone\":\"0812-3456-7890\",\"email\":\"budi@example.com\","
                + "\"message\":\"<b>Halo</b> & salam\"}").getBytes(StandardCharsets.UTF_8));

        assertLeadForwarded(id);
    }

    @Test
    void retriesAFailingCrmWithoutRepeatingTheTelegramMessage() throws Exception {
        crm.answerFor("Sari", Answer.status(500, "{\"error\":\"crm down\"}"));
        String id = postLead("application/x-www-form-urlencoded", "name=Sari&phone=081211112222".getBytes());

        JsonNode event = gateway.awaitEvent(id, e -> status(e, "crm").equals("delivered"), Duration.ofSeconds(15));
        assertEquals(2, Gateway.delivery(event, "crm").get("attempts").asInt());
        assertEquals(2, crm.all(r -> r.text().contains(id)).size());
        assertEquals("delivered", status(event, "sales-telegram"));
        assertEquals(1, Gateway.delivery(event, "sales-telegram").get("attempts").asInt());
        assertEquals(1, telegram.all(r -> r.text().contains(id)).size());
    }

    @Test
    void treatsTelegramOkFalseAsAFailedAttempt() throws Exception {
        telegram.answerFor("Rina", new Answer(400, JSON, "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"));
        String id = postLead("application/x-www-form-urlencoded", "name=Rina".getBytes());

        JsonNode attempts = Gateway.delivery(gateway.awaitEvent(id, e -> status(e, "sales-telegram").equals("delivered"), Duration.ofSeconds(15)),
                "sales-telegram").get("attemptLog");
        assertEquals(400, attempts.get(0).get("statusCode").asInt());
        assertTrue(attempts.get(0).get("response").asText().contains("chat not found"));
        assertFalse(attempts.toString().contains(TELEGRAM_TOKEN), "the bot token never reaches the events log");
    }

    @Test
    void waitsTheRetryAfterThatTelegramAsksFor() throws Exception {
        telegram.answerFor("Dewi", new Answer(429, JSON,
                "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 2\",\"parameters\":{\"retry_after\":2}}"));
        String id = postLead("application/x-www-form-urlencoded", "name=Dewi".getBytes());

        gateway.awaitEvent(id, e -> status(e, "sales-telegram").equals("delivered"), Duration.ofSeconds(15));
        List<Downstream.Received> tries = telegram.all(r -> r.text().contains(id));
        long waited = tries.get(1).atMillis() - tries.get(0).atMillis();
        assertTrue(waited >= 1900, "retry_after 2 was honoured, waited " + waited);
    }

    @Test
    void retriesWhenTelegramOrWhatsAppAnswer500() throws Exception {
        telegram.answerFor("Tono", Answer.status(500, "oops"));
        whatsapp.answerFor("Tono", Answer.status(500, "{\"error\":{\"message\":\"temporarily unavailable\"}}"));
        String id = postLead("application/x-www-form-urlencoded", "name=Tono&phone=0813-0000-1111".getBytes());

        JsonNode event = gateway.awaitEvent(id, e -> status(e, "sales-telegram").equals("delivered")
                && status(e, "lead-whatsapp").equals("delivered"), Duration.ofSeconds(15));
        assertEquals(500, Gateway.delivery(event, "sales-telegram").get("attemptLog").get(0).get("statusCode").asInt());
        assertEquals(500, Gateway.delivery(event, "lead-whatsapp").get("attemptLog").get(0).get("statusCode").asInt());
    }

    private String postBiteship(String body) {
        return gateway.postBiteship("/hooks/biteship", body);
    }

    @Test
    void tellsOpsOnTelegramWhenAnOrderIsDelivered() throws Exception {
        postBiteship("{\"event\":\"order.status\",\"order_id\":\"5dd599ebdefcd4158eb8470b\",\"status\":\"delivered\","
                + "\"courier_company\":\"jne\",\"courier_waybill_id\":\"WYB-1\"}");

        Downstream.Received sent = telegram.next(r -> r.text().contains("5dd599ebdefcd4158eb8470b"));
        JsonNode message = Gateway.json(new String(sent.body(), StandardCharsets.UTF_8));
        assertEquals("-100888", message.get("chat_id").asText());
        assertEquals("Order <code>5dd599ebdefcd4158eb8470b</code> is now <b>delivered</b> by jne, waybill WYB-1",
                message.get("text").asText().strip());
    }

    @Test
    void mailsTheShopWhenTheEventCarriesNoCustomerAddress() throws Exception {
        postBiteship("{\"event\":\"order.status\",\"order_id\":\"ord-mail-1\",\"status\":\"returned\",\"courier_company\":\"sicepat\","
                + "\"courier_waybill_id\":\"WYB-2\"}");

        MimeMessage received = mailWithSubject("Pesanan ord-mail-1: returned");
        assertEquals("shop@toko.example", received.getAllRecipients()[0].toString());
        assertEquals("Pesanan ord-mail-1: returned", received.getSubject());
        String raw = GreenMailUtil.getWholeMessage(received);
        assertFalse(raw.contains("kurirEventId"), "Kurir's headers are not mail headers");
        MimeMultipart parts = (MimeMultipart) received.getContent();
        String all = partsText(parts);
        assertTrue(all.contains("Status pesanan ord-mail-1 sekarang: returned."), all);
        assertTrue(all.contains("Nomor resi: WYB-2"), all);
        assertTrue(all.contains("text/plain"), all);
        assertTrue(all.contains("text/html"), all);
        assertTrue(all.contains("<b>ord-mail-1</b>"), all);
    }

    @Test
    void mailsTheCustomerAddressTakenFromTheEvent() throws Exception {
        postBiteship("{\"event\":\"order.status\",\"order_id\":\"ord-mail-2\",\"status\":\"delivered\","
                + "\"destination_contact_email\":\"budi@example.com\"}");

        assertEquals("budi@example.com", mailWithSubject("Pesanan ord-mail-2: delivered").getAllRecipients()[0].toString());
    }

    @Test
    void recordsARefusedRecipientAsAFailedAttempt() throws Exception {
        String id = postBiteship("{\"event\":\"order.status\",\"order_id\":\"ord-mail-3\",\"status\":\"delivered\","
                + "\"destination_contact_email\":\"not an address\"}");

        JsonNode event = gateway.awaitEvent(id, e -> status(e, "customer-mail").equals("dead"), Duration.ofSeconds(15));
        JsonNode attempt = Gateway.delivery(event, "customer-mail").get("attemptLog").get(0);
        assertFalse(attempt.get("succeeded").asBoolean());
        assertFalse(attempt.get("error").asText().isBlank());
        assertEquals("delivered", status(event, "ops-telegram"));
    }

    private static MimeMessage mailWithSubject(String subject) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            for (MimeMessage m : mail.getReceivedMessages()) {
                if (subject.equals(m.getSubject())) {
                    return m;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no mail with subject " + subject);
    }

    private static String partsText(MimeMultipart multipart) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < multipart.getCount(); i++) {
            var part = multipart.getBodyPart(i);
            Object content = part.getContent();
            text.append(part.getContentType()).append('\n');
            if (content instanceof MimeMultipart nested) {
                text.append(partsText(nested));
            } else if (content instanceof java.io.InputStream stream) {
                text.append(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } else {
                text.append(content);
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String status(JsonNode event, String destination) {
        JsonNode d = Gateway.delivery(event, destination);
        return d == null ? "" : d.get("status").asText();
    }
}
