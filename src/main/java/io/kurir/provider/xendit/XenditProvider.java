package io.kurir.provider.xendit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Request;
import io.kurir.provider.Sample;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.HeaderSecretScheme;
import io.kurir.verify.SignatureScheme;

/**
 * Xendit (Indonesian and South-East Asian payments). Not an HMAC: every callback carries the account's
 * static "Webhook verification token" (Dashboard › Settings › Webhooks) in {@code x-callback-token}, compared
 * here in constant time. The token does not bind the body and there is no timestamp: it is a shared bearer
 * secret travelling in clear, so it is masked in the stored event and never forwarded. xenPlatform
 * sub-accounts each have their own token; after the token is regenerated only the new one is sent. (Bill
 * Payments signs with {@code X-Callback-Signature} and {@code X-Callback-Timestamp} instead; not supported.)
 * <p>
 * Newer APIs (Payments, Payouts, …) name the event in a top-level {@code event} ({@code payment.capture},
 * {@code payout.succeeded}) with the object in {@code data}; legacy invoice callbacks have none, only the
 * invoice's {@code status} ({@code PAID}, {@code SETTLED}, {@code EXPIRED}). Callbacks may come twice or out
 * of order, and Xendit advises de-duplicating by the object's id; a failed delivery (not a 2xx within 30 s)
 * is retried 6 times over 24 hours. The dashboard's "Test and save" sends a sample with the real token.
 * https://docs.xendit.co/apidocs/webhook-behavior, https://docs.xendit.co/api-integration/callback/setup
 */
public final class XenditProvider implements Provider {

    static final String HEADER = "x-callback-token";

    @Override
    public String name() {
        return "xendit";
    }

    @Override
    public String checks() {
        return "`x-callback-token` carries `secret`, the account's webhook verification token (compared in constant time; "
                + "it does not sign the body)";
    }

    @Override
    public String documentation() {
        return "https://docs.xendit.co/api-integration/callback/setup";
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        return secret -> new HeaderSecretScheme(HEADER, secret);
    }

    @Override
    public Set<String> secretHeaders(SourceSettings settings) {
        return Set.of(HEADER);
    }

    /** {@code event}; else an invoice callback, which has a {@code merchant_name}, as {@code invoice.paid}; else {@code status} as sent. */
    @Override
    public List<From> eventType() {
        return List.of(From.field("event"),
                new From("`invoice.<status>` in lower case for an invoice callback (one with `merchant_name`)",
                        XenditProvider::invoiceType),
                From.field("status"));
    }

    static String invoiceType(Request request) {
        String status = request.field("status");
        return request.field("merchant_name") == null || status == null || status.isBlank() ? null
                : "invoice." + status.trim().toLowerCase(Locale.ROOT);
    }

    @Override
    public List<From> idempotencyKey() {
        return List.of(From.header("webhook-id"),
                new From("body `event`:`data.id` (or `data.payment_id`):`data.status`", XenditProvider::eventKey),
                new From("body `id`:`status`", XenditProvider::callbackKey));
    }

    /** The newer events: the same event of the same object in the same status is one event. */
    static String eventKey(Request request) {
        String event = request.field("event");
        if (event == null || event.isBlank()) {
            return null;
        }
        String id = request.nested("data", "id");
        id = id != null ? id : request.nested("data", "payment_id");
        if (id == null) {
            return null;
        }
        String status = request.nested("data", "status");
        return event.trim() + ":" + id + (status == null ? "" : ":" + status);
    }

    /** Legacy callbacks: an invoice is paid once, settled once, expired once. */
    static String callbackKey(Request request) {
        String id = request.field("id");
        String status = request.field("status");
        return id == null || status == null || id.isBlank() || status.isBlank() ? null : id.trim() + ":" + status.trim();
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        String at = now.truncatedTo(ChronoUnit.MILLIS).toString();
        return List.of(
                Sample.json("""
                        {"id":"65a1c0de%1$s","external_id":"ORDER-%1$s","user_id":"5848fdf860053555135587e7","is_high":false,\
                        "payment_method":"BANK_TRANSFER","status":"PAID","merchant_name":"Kurir Test Shop","amount":265000,\
                        "paid_amount":265000,"bank_code":"BCA","paid_at":"%2$s","payer_email":"sari@example.com",\
                        "description":"Kurir test event","adjusted_received_amount":260000,"fees_paid_amount":0,"updated":"%2$s",\
                        "created":"%2$s","currency":"IDR","payment_channel":"BCA","payment_destination":"8808999912345678"}"""
                        .formatted(unique, at), Map.of()),
                Sample.json("""
                        {"event":"payment.capture","business_id":"6094fa76c2fd53701b8e079c","created":"%2$s",\
                        "data":{"payment_id":"py-test-%1$s","status":"SUCCEEDED","payment_request_id":"pr-test-%1$s",\
                        "request_amount":265000,"channel_code":"BRI_VIRTUAL_ACCOUNT","country":"ID","currency":"IDR",\
                        "reference_id":"ORDER-%1$s","type":"SINGLE_PAYMENT","created":"%2$s","updated":"%2$s"}}"""
                        .formatted(unique, at), Map.of()));
    }
}
