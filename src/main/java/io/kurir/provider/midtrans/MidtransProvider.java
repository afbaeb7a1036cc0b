package io.kurir.provider.midtrans;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Request;
import io.kurir.provider.Sample;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.SignatureScheme;

/**
 * Midtrans (Indonesian payments) HTTP notification: a JSON POST with no signature header. The body's
 * {@code signature_key} is the lower-case hex SHA-512 (a plain hash, not an HMAC) of
 * {@code order_id + status_code + gross_amount + ServerKey}, the fields as the strings the body holds
 * ({@code "200"}, {@code "20000.00"}: never re-formatted). The server key is the merchant's
 * ({@code SB-Mid-server-…} in the sandbox, {@code Mid-server-…} in production). Only those three fields are
 * signed: {@code transaction_status} and the rest are not, and there is no timestamp, so a captured
 * notification can be replayed; Midtrans advises confirming with its GET status API, which Kurir does not do.
 * <p>
 * The event is {@code transaction_status}: {@code capture}, {@code settlement}, {@code pending},
 * {@code deny}, {@code cancel}, {@code expire}, {@code failure}, {@code refund}, {@code partial_refund},
 * {@code authorize}; cards add {@code fraud_status} ({@code accept}, {@code challenge}, {@code deny}). There is
 * no delivery id: {@code transaction_id} is one per transaction, and Midtrans "may send multiple notifications
 * for the same transaction event" while one order legitimately goes from {@code pending} to {@code settlement}.
 * Midtrans waits up to 15 s for an answer and does not follow redirects.
 * https://docs.midtrans.com/docs/https-notification-webhooks, https://docs.midtrans.com/reference/handle-notifications
 */
public final class MidtransProvider implements Provider {

    private static final DateTimeFormatter JAKARTA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Asia/Jakarta"));

    @Override
    public String name() {
        return "midtrans";
    }

    @Override
    public String checks() {
        return "body `signature_key`: hex SHA-512 of `order_id`, `status_code`, `gross_amount` and `secret` (the Server Key); "
                + "only those fields are signed, and nothing dates it";
    }

    @Override
    public String documentation() {
        return "https://docs.midtrans.com/docs/https-notification-webhooks";
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        return MidtransScheme::new;
    }

    @Override
    public List<From> eventType() {
        return List.of(From.field("transaction_status"));
    }

    @Override
    public List<From> idempotencyKey() {
        return List.of(new From("body `transaction_id` (else `order_id`):`transaction_status`, with `fraud_status` and "
                + "`refund_amount` when sent", MidtransProvider::notificationKey));
    }

    /**
     * A retry of one notification repeats all of these; a status change does not. {@code fraud_status} tells a
     * challenged capture from the accepted one, {@code refund_amount} (when sent) one partial refund from the next.
     */
    static String notificationKey(Request request) {
        String transaction = present(request.field("transaction_id"));
        transaction = transaction != null ? transaction : present(request.field("order_id"));
        String status = present(request.field("transaction_status"));
        if (transaction == null || status == null) {
            return null;
        }
        StringBuilder key = new StringBuilder(transaction).append(':').append(status);
        for (String more : new String[] {"fraud_status", "refund_amount"}) {
            String value = present(request.field(more));
            if (value != null) {
                key.append(':').append(value);
            }
        }
        return key.toString();
    }

    private static String present(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * One bank transfer, settled and before that pending: the same order and transaction, so the two are two
     * events. Without {@code signature_key}: a test event is not verified, and a made-up one would not match.
     */
    @Override
    public List<Sample> samples(String unique, Instant now) {
        String transaction = UUID.nameUUIDFromBytes(unique.getBytes(StandardCharsets.UTF_8)).toString();
        String paid = JAKARTA_TIME.format(now);
        String ordered = JAKARTA_TIME.format(now.minusSeconds(90));
        String expiry = JAKARTA_TIME.format(now.plusSeconds(86_400));
        return List.of(
                Sample.json("""
                        {"transaction_time":"%3$s","transaction_status":"settlement","transaction_id":"%2$s",\
                        "status_message":"midtrans payment notification","status_code":"200","settlement_time":"%4$s",\
                        "payment_type":"bank_transfer","order_id":"ORDER-%1$s","merchant_id":"G141532850","gross_amount":"265000.00",\
                        "fraud_status":"accept","currency":"IDR","va_numbers":[{"va_number":"12785002530231","bank":"bca"}],\
                        "payment_amounts":[]}""".formatted(unique, transaction, ordered, paid), Map.of()),
                Sample.json("""
                        {"transaction_time":"%3$s","transaction_status":"pending","transaction_id":"%2$s",\
                        "status_message":"midtrans payment notification","status_code":"201","payment_type":"bank_transfer",\
                        "order_id":"ORDER-%1$s","merchant_id":"G141532850","gross_amount":"265000.00","fraud_status":"accept",\
                        "currency":"IDR","va_numbers":[{"va_number":"12785002530231","bank":"bca"}],"expiry_time":"%4$s"}"""
                        .formatted(unique, transaction, ordered, expiry), Map.of()));
    }
}
