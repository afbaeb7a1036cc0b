package io.kurir.provider.sendcloud;

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
 * Sendcloud (European shipping): `Sendcloud-Signature` is the lower-case hex HMAC-SHA256 of the raw body,
 * keyed with the integration's "Webhook Signature Key". No timestamp, so no replay window; no delivery id.
 * Events name themselves in `action` (`parcel_status_changed`, `integration_*`, `return_created`). The
 * dashboard asks for a key of 16 characters or more with a digit, an upper-case and a lower-case letter
 * and a special character. https://sendcloud.dev/docs/webhooks/
 */
public final class SendcloudProvider implements Provider {

    private static final String HEADER = "Sendcloud-Signature";

    @Override
    public String name() {
        return "sendcloud";
    }

    @Override
    public String checks() {
        return "`Sendcloud-Signature`: hex HMAC-SHA256 of the raw body";
    }

    @Override
    public String documentation() {
        return "https://sendcloud.dev/docs/webhooks/";
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        return secret -> new HmacScheme(HEADER, "HmacSHA256", HmacScheme.Encoding.HEX, "", secret);
    }

    @Override
    public Set<String> signatureHeaders(SourceSettings settings) {
        return Set.of(HEADER);
    }

    /** Sendcloud's dashboard rule, so a key Sendcloud would refuse is caught here first. */
    @Override
    public String weakness(String secret) {
        String tooShort = Provider.super.weakness(secret);
        if (tooShort != null) {
            return tooShort;
        }
        boolean accepted = secret.chars().anyMatch(Character::isDigit) && secret.chars().anyMatch(Character::isUpperCase)
                && secret.chars().anyMatch(Character::isLowerCase) && secret.chars().anyMatch(c -> !Character.isLetterOrDigit(c));
        return accepted ? null
                : "has a secret that Sendcloud would not accept (it needs a digit, an upper-case and a lower-case letter and a special character)";
    }

    @Override
    public List<From> eventType() {
        return List.of(From.field("action"));
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        long parcel = Math.abs((long) unique.hashCode());
        return List.of(
                Sample.json("""
                        {"action":"parcel_status_changed","timestamp":%2$d,"carrier_status_change_timestamp":%2$d,"parcel":{"id":%3$d,\
                        "name":"Sari Dewi","company_name":"","address":"Jalan Merdeka 1","city":"Jakarta","postal_code":"10110",\
                        "telephone":"+6281234567890","email":"sari@example.com","tracking_number":"TEST%1$s",\
                        "status":{"id":11,"message":"Delivered"},"country":{"iso_2":"ID","iso_3":"IDN","name":"Indonesia"},\
                        "order_number":"ORDER-%1$s","shipment":{"id":8,"name":"Standard"}}}"""
                        .formatted(unique, now.toEpochMilli(), parcel), Map.of()),
                Sample.json("""
                        {"action":"return_created","timestamp":%2$d,"return":{"id":%3$d,"reason":{"id":1,"description":"Too small"},\
                        "outgoing_parcel":%3$d,"incoming_parcel":%4$d,"order_number":"ORDER-%1$s"}}"""
                        .formatted(unique, now.toEpochMilli(), parcel, parcel + 1), Map.of()),
                Sample.json("""
                        {"action":"integration_updated","timestamp":%2$d,"integration":{"id":%3$d,"shop_name":"Test shop %1$s",\
                        "shop_url":"https://shop.example","system":"api","webhook_active":true,"webhook_url":"https://kurir.example/hooks/sendcloud"}}"""
                        .formatted(unique, now.toEpochMilli(), parcel % 100_000), Map.of()));
    }
}
