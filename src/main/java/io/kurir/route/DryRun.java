package io.kurir.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.util.URISupport;

/**
 * A source route run on a sample instead of a stored event (`POST /api/sources/{name}/try`): it sees
 * the exchange a real event would give it, and its `kurir:destination:` steps are collected as usual,
 * but nothing is recorded, and every send to another endpoint is skipped and noted instead (see
 * {@link RouteDefaults}), except to the few that only compute or log.
 */
public final class DryRun {

    /** Exchange property marking a dry run; sub-exchanges of a multicast or split copy it. */
    static final String PROPERTY = "kurirDryRun";

    /**
     * Sent to even in a dry run: `kurir:` (the destination producer only notes the destination on the
     * route's decision), `direct:` (the sub-route's own sends are skipped in turn), `log:`, and templates
     * and languages that only turn the message into another one, which later choices may read.
     */
    private static final Set<String> PASS_THROUGH = Set.of("kurir", "direct", "log", "mustache", "velocity", "freemarker",
            "language", "dataformat", "xslt", "xslt-saxon", "jslt", "jsonata", "jolt", "json-validator", "validator");

    /** What the route did: null routeId when no route starts from the source. */
    public record Result(String routeId, boolean routed, List<String> destinations, List<String> skippedEndpoints, String error) {
    }

    private final List<String> skipped = new ArrayList<>();

    DryRun() {
    }

    static boolean on(Exchange exchange) {
        return exchange.getProperty(PROPERTY) != null;
    }

    /** Whether a dry run sends to this endpoint after all. */
    static boolean passesThrough(String uri) {
        int colon = uri.indexOf(':');
        return colon > 0 && PASS_THROUGH.contains(uri.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    /** Notes a send that was skipped, its secrets masked (`authorizationToken=xxxxxx`). */
    synchronized void skipped(String uri) {
        String shown = URISupport.sanitizeUri(uri);
        if (!skipped.contains(shown)) {
            skipped.add(shown);
        }
    }

    synchronized List<String> skipped() {
        return List.copyOf(skipped);
    }
}
