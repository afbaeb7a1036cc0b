package io.kurir.provider.biteship;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Sample;
import io.kurir.provider.Setting;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.HeaderSecretScheme;
import io.kurir.verify.SignatureScheme;

/**
 * Biteship (Indonesian shipping). Not an HMAC: the dashboard's "Headers Signature Key" names a header
 * and its "Headers Signature Secret" is the value Biteship sends in it. Saving a webhook in the
 * dashboard first POSTs an empty body or `{}`, maybe unsigned, and needs a 2xx. Events name
 * themselves in `event` (`order.status`, `order.price`, `order.waybill_id`); no delivery id is sent.
 * Not in Biteship's own text but agreed by several integrations: https://biteship.com/id/docs/api/webhooks
 */
public final class BiteshipProvider implements Provider {

    private static final Setting HEADER = new Setting("header", "X-Biteship-Signature",
            "the header Biteship sends the secret in (its \"Headers Signature Key\")");

    @Override
    public String name() {
        return "biteship";
    }

    @Override
    public String checks() {
        return "the header named by `header` (default `X-Biteship-Signature`) carries `secret` (a static shared secret, compared in "
                + "constant time). An empty or `{}` body is Biteship's installation probe: answered `{\"status\":\"ok\"}`, not stored";
    }

    @Override
    public String documentation() {
        return "https://biteship.com/id/docs/api/webhooks";
    }

    @Override
    public List<Setting> settings() {
        return List.of(HEADER);
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        String header = settings.get(HEADER);
        return secret -> new HeaderSecretScheme(header, secret);
    }

    @Override
    public Set<String> secretHeaders(SourceSettings settings) {
        return Set.of(settings.get(HEADER));
    }

    @Override
    public List<From> eventType() {
        return List.of(From.field("event"));
    }

    @Override
    public Optional<String> probe(byte[] body, Function<String, String> headers) {
        return isInstallationProbe(body) ? Optional.of("{\"status\":\"ok\"}") : Optional.empty();
    }

    /** Nothing but blanks, or `{` then `}` among them: a real webhook stops the scan at its second character. */
    static boolean isInstallationProbe(byte[] body) {
        String probe = "{}";
        int matched = 0;
        for (byte b : body) {
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == 0x0B) {
                continue;
            }
            if (matched == probe.length() || b != probe.charAt(matched)) {
                return false;
            }
            matched++;
        }
        return matched != 1;
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        return List.of(
                Sample.json("""
                        {"event":"order.status","order_id":"test-%1$s","courier_tracking_id":"trk-%1$s","courier_waybill_id":"WYB-%1$s",\
                        "courier_company":"jne","courier_type":"reg","courier_driver_name":"Budi","courier_driver_phone":"081234567890",\
                        "courier_link":"https://track.example/WYB-%1$s","order_price":25000,"status":"delivered","updated_at":"%2$s"}"""
                        .formatted(unique, now), Map.of()),
                Sample.json("""
                        {"event":"order.price","order_id":"test-%1$s","courier_tracking_id":"trk-%1$s","courier_waybill_id":"WYB-%1$s",\
                        "price":27000,"cash_on_delivery_fee":0,"proof_of_delivery_fee":0,"shippment_fee":27000,"status":"picked"}"""
                        .formatted(unique), Map.of()),
                Sample.json("""
                        {"event":"order.waybill_id","order_id":"test-%1$s","courier_tracking_id":"trk-%1$s",\
                        "courier_waybill_id":"WYB-%1$s","status":"allocated"}""".formatted(unique), Map.of()));
    }
}
