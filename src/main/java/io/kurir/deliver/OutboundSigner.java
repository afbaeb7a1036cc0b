package io.kurir.deliver;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.kurir.Setting;
import io.kurir.Settings;
import io.kurir.route.EventHeaders;
import io.kurir.verify.StandardWebhooks;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Signs what a destination route sends over HTTP with Standard Webhooks headers, over the body as
 * it leaves (after the route's transformations). `webhook-id` is the event id on every try, so the
 * receiver can deduplicate; the signature is added when the destination has a `signing-secret`.
 */
public final class OutboundSigner implements Processor {

    public static final Setting<String> SIGNING_SECRET = Setting.unset("kurir.destination.<name>.signing-secret", "none (unsigned)",
            "`whsec_…`: signs what the destination's route sends over HTTP (Standard Webhooks headers)");

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Optional<StandardWebhooks.Signer>> signers = new ConcurrentHashMap<>();

    public OutboundSigner(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String destination = message.getHeader(EventHeaders.DESTINATION, String.class);
        String eventId = message.getHeader(EventHeaders.EVENT_ID, String.class);
        if (destination == null || eventId == null) {
            return;
        }
        long timestamp = clock.instant().getEpochSecond();
        message.setHeader("webhook-id", eventId);
        message.setHeader("webhook-timestamp", Long.toString(timestamp));
        Optional<StandardWebhooks.Signer> signer = signers.computeIfAbsent(destination, name ->
                settings.get(SIGNING_SECRET.of(name).key()).map(StandardWebhooks::key).map(StandardWebhooks::signer));
        if (signer.isPresent()) {
            byte[] body = message.getBody(byte[].class);
            message.setBody(body);
            message.setHeader("webhook-signature", "v1," + signer.get().sign(eventId, timestamp, body));
        }
    }
}
