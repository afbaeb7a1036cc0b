package io.kurir.provider.twilio;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.kurir.provider.From;
import io.kurir.provider.Provider;
import io.kurir.provider.Request;
import io.kurir.provider.Sample;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.SignatureScheme;

/**
 * Twilio (messaging and voice webhooks, status callbacks): `X-Twilio-Signature` is the base64
 * HMAC-SHA1, keyed with the account's auth token, of the full URL Twilio requested (scheme, host, any
 * port, path and query, exactly as configured) followed, for an `application/x-www-form-urlencoded` POST,
 * by the POST parameters, URL-decoded and sorted by name, each as `name + value` without separators; a
 * name sent several times is appended once per distinct value, values sorted (as twilio-node and
 * twilio-python do). Query parameters are not appended: they are part of the URL. A JSON (or other) body
 * is signed through its URL, whose query carries `bodySHA256`, the hex SHA-256 of the body, which Kurir
 * checks too. Like the SDKs, the URL is also tried without its port and with the default port (`:443`,
 * `:80`) added. The URL is the one the sender addressed: behind a proxy set `kurir.public-url`, or list
 * the proxy in `kurir.ingest.trusted-proxies` so that its `X-Forwarded-Proto`/`-Host` are believed. No
 * timestamp and no handshake.
 *
 * Twilio sends no event type, so one is made from the form fields: `message.<MessageStatus>` for a
 * message status callback, `call.<CallStatus>` for a voice request or call status callback,
 * `message.<SmsStatus>` for an inbound message (`message.received`), else `twilio.request`. The key is the
 * `I-Twilio-Idempotency-Token` header, which Twilio is widely reported to send with each request and keep on
 * its retries (not found on a Twilio page); without it `MessageSid:MessageStatus` (or `:SmsStatus`), one per
 * step of a message. A call is not keyed by
 * `CallSid:CallStatus`, since one call posts several distinct `in-progress` requests (each `<Gather>`
 * result): without the header its requests are keyed by the body's hash.
 *
 * Not checked: the `HMAC_SHA256` signature with a "SharedKey" named by
 * `X-Twilio-Webhooks-Signature-Settings` (new in twilio-node 6.3); such a request is refused as such.
 * https://www.twilio.com/docs/usage/webhooks/webhooks-security
 */
public final class TwilioProvider implements Provider {

    static final String DEFAULT_TYPE = "twilio.request";

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public String checks() {
        return "`X-Twilio-Signature`: base64 HMAC-SHA1 (auth token) of the URL as sent (`kurir.public-url`) and the sorted form fields; "
                + "a JSON body through the URL's `bodySHA256`; the URL also without its port or with the default one";
    }

    @Override
    public String documentation() {
        return "https://www.twilio.com/docs/usage/webhooks/webhooks-security";
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        return TwilioScheme::new;
    }

    @Override
    public Set<String> signatureHeaders(SourceSettings settings) {
        return Set.of(TwilioScheme.HEADER);
    }

    @Override
    public List<From> eventType() {
        return List.of(
                prefixed("message.", "MessageStatus"),
                prefixed("call.", "CallStatus"),
                prefixed("message.", "SmsStatus"),
                new From("else `" + DEFAULT_TYPE + "`", request -> DEFAULT_TYPE));
    }

    private static From prefixed(String prefix, String field) {
        return new From("`" + prefix + "` + form field `" + field + "`", request -> {
            String status = request.formField(field);
            return status == null || status.isBlank() ? null : prefix + status.trim();
        });
    }

    @Override
    public List<From> idempotencyKey() {
        return List.of(From.header("I-Twilio-Idempotency-Token"),
                new From("form fields `MessageSid:MessageStatus` (or `:SmsStatus`)", TwilioProvider::messageStep));
    }

    private static String messageStep(Request request) {
        String sid = request.formField("MessageSid");
        String status = request.formField("MessageStatus");
        if (status == null || status.isBlank()) {
            status = request.formField("SmsStatus");
        }
        return sid == null || sid.isBlank() || status == null || status.isBlank() ? null : sid.trim() + ":" + status.trim();
    }

    @Override
    public List<Sample> samples(String unique, Instant now) {
        String sid = "SM" + unique;
        return List.of(
                Sample.form("ToCountry=ID&ToState=&SmsMessageSid=" + sid + "&NumMedia=0&ToCity=&FromZip=&SmsSid=" + sid
                        + "&FromState=&SmsStatus=received&FromCity=&Body=Where+is+order+ORDER-" + unique + "%3F&FromCountry=ID"
                        + "&To=%2B6281100000000&ToZip=&NumSegments=1&MessageSid=" + sid + "&AccountSid=ACtest00000000000000000000000000"
                        + "&From=%2B6281234567890&ApiVersion=2010-04-01",
                        Map.of("I-Twilio-Idempotency-Token", "test-" + unique)),
                Sample.form("SmsSid=" + sid + "&SmsStatus=delivered&MessageStatus=delivered&To=%2B6281234567890&MessageSid=" + sid
                        + "&AccountSid=ACtest00000000000000000000000000&From=%2B6281100000000&ApiVersion=2010-04-01",
                        Map.of("I-Twilio-Idempotency-Token", "test-status-" + unique)));
    }
}
