package io.kurir.provider.twilio;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kurir.Json;
import io.kurir.verify.Headers;
import io.kurir.verify.Hmac;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.VerificationFailed;

/**
 * Twilio: {@code X-Twilio-Signature}, the base64 HMAC-SHA1 keyed with the auth token of the URL Twilio
 * requested followed, for a form post, by every POST parameter sorted by name as {@code name + value}
 * (a repeated name once per distinct value, values sorted). Any other body is signed through the URL:
 * its query carries {@code bodySHA256}, the hex SHA-256 of the body, which must match it. The URL is
 * also tried without its port and with the scheme's default port, as Twilio's SDKs do.
 */
final class TwilioScheme implements SignatureScheme {

    static final String HEADER = "X-Twilio-Signature";
    static final String SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings";
    static final String BODY_HASH = "bodySHA256";
    private static final String FORM = "application/x-www-form-urlencoded";
    /** As twilio-node's splitUrl: the scheme, then the authority up to the path, query or fragment. */
    private static final Pattern ORIGIN = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*://)([^/?#]*)");

    private final Hmac hmac;

    TwilioScheme(String authToken) {
        this.hmac = new Hmac("HmacSHA1", Hmac.utf8(authToken));
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        byte[] received = Hmac.fromBase64(Headers.required(request, HEADER));
        String algorithm = algorithm(request.header(SETTINGS_HEADER));
        if (!algorithm.equalsIgnoreCase("HMAC_SHA1")) {
            throw VerificationFailed.invalid("header " + SETTINGS_HEADER + " names an algorithm other than HMAC_SHA1, "
                    + "which Kurir does not check: sign with the auth token");
        }
        String url = request.url();
        boolean form = isForm(request.header("Content-Type"));
        String params = form ? signedParams(request.body()) : "";
        String bodyHash = form ? null : queryParam(url, BODY_HASH);
        if (!form && bodyHash == null && request.body().length > 0) {
            throw VerificationFailed.invalid("a body that is not a form must be signed through the URL's " + BODY_HASH + " parameter");
        }
        boolean matched = false;
        for (String variant : variants(url)) {
            // every variant is computed, so the time taken does not tell which one matched
            matched |= Hmac.equal(hmac.sign(Hmac.utf8(variant + params)), received);
        }
        if (!matched) {
            // the URL helps find a proxy or a public-url setting that hands over another one than Twilio signed
            throw VerificationFailed.invalid("signature does not match the URL " + Json.printable(url));
        }
        if (bodyHash != null && !Hmac.equal(sha256(request.body()), Hmac.fromHex(bodyHash))) {
            throw VerificationFailed.invalid("body does not match the URL's " + BODY_HASH);
        }
    }

    /** What the settings header names, HMAC_SHA1 when it is absent or names none. */
    private static String algorithm(String settings) {
        if (settings != null) {
            for (String part : settings.split(",")) {
                int equals = part.indexOf('=');
                if (equals > 0 && part.substring(0, equals).trim().equals("algorithm") && !part.substring(equals + 1).isBlank()) {
                    return part.substring(equals + 1).trim();
                }
            }
        }
        return "HMAC_SHA1";
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT).equals(FORM);
    }

    /** The POST parameters, URL-decoded, sorted by name then value, a value repeated under one name once. */
    static String signedParams(byte[] body) throws VerificationFailed {
        Map<String, Set<String>> params = new TreeMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            params.computeIfAbsent(name, key -> new TreeSet<>()).add(value);
        }
        StringBuilder signed = new StringBuilder();
        params.forEach((name, values) -> values.forEach(value -> signed.append(name).append(value)));
        return signed.toString();
    }

    private static String decode(String encoded) throws VerificationFailed {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw VerificationFailed.invalid("the form body is not well-formed");
        }
    }

    /** The URL as it is, without its port, and with the scheme's default port when it has none. */
    static Set<String> variants(String url) {
        Set<String> variants = new LinkedHashSet<>();
        variants.add(url);
        Matcher origin = ORIGIN.matcher(url);
        if (origin.find()) {
            String scheme = origin.group(1);
            String authority = origin.group(2);
            String rest = url.substring(origin.end());
            int at = authority.lastIndexOf('@');
            String userInfo = authority.substring(0, at + 1);
            String hostAndPort = authority.substring(at + 1);
            // a colon starts the port only after the closing bracket of an IPv6 literal
            int colon = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
            String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
            variants.add(scheme + userInfo + host + rest);
            if (colon < 0) {
                variants.add(scheme + userInfo + host + (scheme.equalsIgnoreCase("https://") ? ":443" : ":80") + rest);
            }
        }
        return variants;
    }

    /** The raw value of a query parameter of the URL, null when absent. */
    static String queryParam(String url, String name) {
        int question = url.indexOf('?');
        if (question < 0) {
            return null;
        }
        int hash = url.indexOf('#', question);
        String query = hash < 0 ? url.substring(question + 1) : url.substring(question + 1, hash);
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
