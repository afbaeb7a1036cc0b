package io.kurir.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import io.kurir.support.Downstream;
import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.Test;

/**
 * After a run that accepts, refuses and delivers (and fails to deliver) with every kind of secret in
 * play, none of the secrets is in the log, the store, or any admin API answer.
 */
class SecretsNeverLeakTest {

    private static final String BITESHIP = "S3cr3t-Biteship-Header-Value";
    private static final String SENDCLOUD = "S3cr3t-Sendcloud-Key-456!";
    private static final String LEADS = "S3cr3t-Leads-Query-Token";
    private static final String XENDIT = "S3cr3t-Xendit-Callback-Token";
    private static final String MIDTRANS = "SB-Mid-server-S3cr3t-Key";
    private static final String TELEGRAM = "987654:S3cr3t-Telegram-Bot-Token";
    private static final String WHATSAPP = "S3cr3t-WhatsApp-Access-Token";
    private static final String SIGNING = "whsec_UzNjcjN0LVNpZ25pbmctS2V5LUJ5dGVz";

    @Test
    void noSecretReachesTheLogTheStoreOrTheApi() throws Exception {
        // the log goes to standard output, which Logback's console appender looks up at each line
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(copyTo(stdout, log), true, StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        try (Downstream failing = new Downstream().otherwise(Downstream.Answer.status(500, "{\"ok\":false,\"error_code\":500}"));
             Gateway gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.ofEntries(
                     Map.entry("kurir.source.biteship.secret", BITESHIP),
                     Map.entry("kurir.source.sendcloud.secret", SENDCLOUD),
                     Map.entry("kurir.source.leads.secret", LEADS),
                     Map.entry("kurir.source.xendit.verify", "xendit"),
                     Map.entry("kurir.source.xendit.secret", XENDIT),
                     Map.entry("kurir.source.midtrans.verify", "midtrans"),
                     Map.entry("kurir.source.midtrans.secret", MIDTRANS),
                     Map.entry("kurir.telegram.token", TELEGRAM),
                     Map.entry("kurir.telegram.base-uri", failing.url("")),
                     Map.entry("kurir.whatsapp.token", WHATSAPP),
                     Map.entry("kurir.whatsapp.base-uri", failing.url("")),
                     Map.entry("kurir.destination.crm.url", failing.url("/crm")),
                     Map.entry("kurir.destination.shop-backend.url", failing.url("/shop")),
                     Map.entry("kurir.destination.shop-backend.signing-secret", SIGNING),
                     Map.entry("kurir.retry.max-attempts", "2"),
                     Map.entry("kurir.retry.initial-delay", "50"),
                     Map.entry("kurir.deliver.poll-interval", "50")))) {
            byte[] waybill = "{\"event\":\"order.waybill_id\",\"order_id\":\"leak-1\",\"status\":\"allocated\"}".getBytes();
            byte[] delivered = "{\"event\":\"order.status\",\"order_id\":\"leak-2\",\"status\":\"delivered\"}".getBytes();
            String a = id(gateway.post("/hooks/biteship", "application/json", waybill, "X-Biteship-Signature", BITESHIP).body());
            String b = id(gateway.post("/hooks/biteship", "application/json", delivered, "X-Biteship-Signature", BITESHIP).body());
            seen.append(gateway.post("/hooks/biteship", "application/json", waybill, "X-Biteship-Signature", BITESHIP + "x").body());
            byte[] parcel = "{\"action\":\"parcel_status_changed\",\"parcel\":{\"id\":1,\"status\":{\"id\":11,\"message\":\"Delivered\"}}}".getBytes();
            String sig = HexFormat.of().formatHex(Signing.hmacSha256(SENDCLOUD, parcel));
            String c = id(gateway.post("/hooks/sendcloud", "application/json", parcel, "Sendcloud-Signature", sig).body());
            seen.append(gateway.post("/hooks/sendcloud", "application/json", parcel, "Sendcloud-Signature", sig + "0").body());
            String d = id(gateway.post("/hooks/leads?campaign_name=Expo&token=" + LEADS, "application/x-www-form-urlencoded",
                    "name=Leaky&phone=081234".getBytes()).body());
            seen.append(gateway.post("/hooks/leads?token=wrong", "application/x-www-form-urlencoded", "name=x".getBytes()).body());
            seen.append(gateway.get("/api/events", "Authorization", "Bearer wrong-token").body());
            byte[] invoice = "{\"id\":\"inv-leak\",\"external_id\":\"o-1\",\"status\":\"PAID\",\"merchant_name\":\"Shop\"}".getBytes();
            String paid = id(gateway.post("/hooks/xendit", "application/json", invoice, "x-callback-token", XENDIT).body());
            seen.append(gateway.post("/hooks/xendit", "application/json", invoice, "x-callback-token", XENDIT + "x").body());
            String signature = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
                    .digest(("o-leak" + "200" + "10000.00" + MIDTRANS).getBytes(StandardCharsets.UTF_8)));
            String settled = id(gateway.post("/hooks/midtrans", "application/json", ("{\"order_id\":\"o-leak\",\"status_code\":\"200\","
                    + "\"gross_amount\":\"10000.00\",\"transaction_status\":\"settlement\",\"transaction_id\":\"t-leak\","
                    + "\"signature_key\":\"" + signature + "\"}").getBytes()).body());

            for (String id : List.of(a, b, c, d)) {
                seen.append(gateway.awaitEvent(id, e -> {
                    for (var delivery : e.get("deliveries")) {
                        if (!delivery.get("status").asText().matches("dead|delivered")) {
                            return false;
                        }
                    }
                    return e.get("status").asText().equals("routed");
                }, Duration.ofSeconds(20)).toString());
            }
            // no route reads these sources: their events wait, stored, for one
            for (String id : List.of(paid, settled)) {
                seen.append(gateway.api("/api/events/" + id).toString());
            }
            for (String path : List.of("/api/events", "/api/deliveries", "/api/sources", "/api/destinations")) {
                seen.append(gateway.api(path).toString());
            }
            // no meter's label carries an endpoint URI (Telegram's has the bot token in it)
            seen.append(gateway.metrics().text());
            // the secrets were really in play: the bot token went out in Telegram's URL, WhatsApp's in its header
            assertTrue(failing.all().stream().anyMatch(r -> r.path().contains(TELEGRAM)));
            assertTrue(failing.all().stream().anyMatch(r -> ("Bearer " + WHATSAPP).equals(r.header("Authorization"))));
            try (Connection connection = gateway.database()) {
                for (String table : List.of("events", "deliveries", "attempts")) {
                    seen.append(dump(connection, table));
                }
            }
        } finally {
            System.setOut(stdout);
        }
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("Refused a webhook for source 'sendcloud'"), "the log was captured");
        for (String secret : List.of(BITESHIP, SENDCLOUD, LEADS, XENDIT, MIDTRANS, TELEGRAM, "S3cr3t-Telegram-Bot-Token", WHATSAPP, SIGNING,
                Gateway.ADMIN_TOKEN)) {
            assertFalse(log.toString(StandardCharsets.UTF_8).contains(secret), "the log holds " + secret);
            assertFalse(seen.toString().contains(secret), "the store, the API or the metrics hold " + secret);
        }
    }

    /** Writes to both, so the captured log still shows in the test's output. */
    private static OutputStream copyTo(OutputStream first, OutputStream second) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                first.write(b);
                second.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                first.write(bytes, offset, length);
                second.write(bytes, offset, length);
            }
        };
    }

    private static String id(String answer) {
        return Gateway.json(answer).get("id").asText();
    }

    private static String dump(Connection connection, String table) throws Exception {
        StringBuilder text = new StringBuilder();
        try (ResultSet rs = connection.createStatement().executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    text.append(value instanceof byte[] bytes ? new String(bytes) : value).append('|');
                }
            }
        }
        return text.toString();
    }
}
