package io.kurir.route;

import io.kurir.deliver.OutboundAddressGuard;
import io.kurir.deliver.OutboundSigner;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * What every route gets without asking, YAML or Java DSL, written by hand or made from a route
 * template: sends to `http:`/`https:` pass the address guard and the outbound signer (Standard
 * Webhooks headers) first, and failures are not retried or logged by Camel, because Kurir records
 * each attempt and retries with its own durable policy. The routes say so in a comment and the
 * README in "Writing routes"; a route needs no step of its own for either.
 */
public final class RouteDefaults extends RouteConfigurationBuilder {

    private final OutboundAddressGuard guard;
    private final OutboundSigner signer;

    public RouteDefaults(OutboundAddressGuard guard, OutboundSigner signer) {
        this.guard = guard;
        this.signer = signer;
    }

    @Override
    public void configuration() {
        routeConfiguration().errorHandler(noErrorHandler()).interceptSendToEndpoint("http*").process(guard).process(signer);
    }
}
