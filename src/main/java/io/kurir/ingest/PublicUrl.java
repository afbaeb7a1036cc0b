package io.kurir.ingest;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import io.kurir.Setting;
import io.kurir.Settings;
import io.vertx.core.http.HttpServerRequest;

/**
 * The URL a sender posted to, for the schemes that sign it (Twilio). Behind a proxy or a load balancer
 * Kurir's own address is not the one the sender used: `kurir.public-url` gives it outright; else
 * `X-Forwarded-Proto` and `X-Forwarded-Host` are believed from the addresses in
 * `kurir.ingest.trusted-proxies` only, since anyone else could send them.
 */
public final class PublicUrl {

    public static final Setting<String> PUBLIC_URL = Setting.unset("kurir.public-url", "the request's `Host`",
            "the URL senders post to, such as `https://hooks.example.com` (its path and query are the request's own), for the "
                    + "schemes that sign the URL (Twilio)");
    public static final Setting<String> TRUSTED_PROXIES = Setting.ofString("kurir.ingest.trusted-proxies", "",
            "addresses of proxies whose `X-Forwarded-Proto` and `X-Forwarded-Host` are believed (comma-separated IPs, compared exactly)");

    private final String base;
    private final Set<String> trustedProxies;

    public PublicUrl(String base, Set<String> trustedProxies) {
        this.base = base == null || base.isBlank() ? null : base.trim().replaceAll("/+$", "");
        this.trustedProxies = trustedProxies;
    }

    static PublicUrl from(Settings settings) {
        return new PublicUrl(settings.get(PUBLIC_URL),
                Arrays.stream(settings.get(TRUSTED_PROXIES).split(","))
                        .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()));
    }

    /** The request's URL with its path and query exactly as sent. */
    String of(HttpServerRequest request) {
        if (base != null) {
            return base + request.uri();
        }
        String proto = request.scheme();
        String host = request.host();
        if (request.remoteAddress() != null && trustedProxies.contains(request.remoteAddress().hostAddress())) {
            // each on its own: many proxies set the scheme and keep the Host header
            proto = lastHop(request.getHeader("X-Forwarded-Proto"), proto);
            host = lastHop(request.getHeader("X-Forwarded-Host"), host);
        }
        return proto + "://" + host + request.uri();
    }

    /**
     * A proxy chain appends one value per hop: the last is what the trusted proxy saw, anything before it
     * the client could have sent.
     */
    private static String lastHop(String forwarded, String otherwise) {
        if (forwarded == null || forwarded.isBlank()) {
            return otherwise;
        }
        return forwarded.substring(forwarded.lastIndexOf(',') + 1).trim();
    }
}
