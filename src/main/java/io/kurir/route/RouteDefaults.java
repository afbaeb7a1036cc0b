package io.kurir.route;

import io.kurir.deliver.OutboundSigner;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * What every route gets without asking, YAML or Java DSL, written by hand or made from a route
 * template: sends to `http:`/`https:` pass the outbound signer (Standard Webhooks headers) first
 * (the address guard is in the HTTP client itself: {@link io.kurir.deliver.GuardedHttpComponent}); in
 * a dry run ({@link DryRun}) sends are skipped and noted instead; and
 * failures are not retried or logged by Camel, because Kurir records each attempt and retries with
 * its own durable policy. The routes say so in a comment and the README in "Writing routes"; a route
 * needs no step of its own for either.
 */
public final class RouteDefaults extends RouteConfigurationBuilder {

    private final OutboundSigner signer;

    public RouteDefaults(OutboundSigner signer) {
        this.signer = signer;
    }

    /**
     * One interceptor for every endpoint: Camel decorates an endpoint for the first
     * interceptSendToEndpoint that matches it only, so a second one for dry runs would take the
     * signer off the `http*` endpoints it matched first. Its `when` picks the sends it has
     * something to do for; the send itself is skipped unless {@link #beforeSend} lets it through.
     */
    @Override
    public void configuration() {
        routeConfiguration().errorHandler(noErrorHandler())
                .interceptSendToEndpoint("*").when(RouteDefaults::intercepted).skipSendToOriginalEndpoint()
                .process(this::beforeSend);
    }

    private static boolean intercepted(Exchange exchange) {
        return DryRun.on(exchange) || isHttp(endpoint(exchange));
    }

    private void beforeSend(Exchange exchange) throws Exception {
        String uri = endpoint(exchange);
        DryRun dryRun = exchange.getProperty(DryRun.PROPERTY, DryRun.class);
        boolean send = dryRun == null || DryRun.passesThrough(uri);
        if (send && isHttp(uri)) {
            signer.process(exchange);
        } else if (!send) {
            dryRun.skipped(uri);
        }
        // read by Camel once this detour has run: a matched `when` with skipSendToOriginalEndpoint skips only while it is true
        exchange.setProperty(ExchangePropertyKey.INTERCEPT_SEND_TO_ENDPOINT_WHEN_MATCHED, !send);
    }

    private static String endpoint(Exchange exchange) {
        return exchange.getProperty(ExchangePropertyKey.INTERCEPTED_ENDPOINT, "", String.class);
    }

    private static boolean isHttp(String uri) {
        return uri.startsWith("http:") || uri.startsWith("https:");
    }
}
