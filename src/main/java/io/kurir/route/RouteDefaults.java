package io.kurir.route;

import io.kurir.deliver.OutboundAddressGuard;
import io.kurir.deliver.OutboundSigner;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * What every route gets without asking: sends to `http:`/`https:` pass the address guard and the
 * outbound signer first, and failures are not retried or logged by Camel, because Kurir records
 * each attempt and retries with its own durable policy.
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
