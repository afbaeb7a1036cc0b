package io.kurir.ingest;

import java.util.Map;

import io.kurir.Json;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.Suspendable;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.DefaultConsumer;

/**
 * A `platform-http` consumer that runs its route on the Vert.x event loop and answers when the
 * route calls back, from whichever thread. Camel's own consumer runs every request on a worker
 * thread, which a webhook held until its group commit: four thread hand-offs per webhook and a
 * thread per webhook in flight. The route gets the paused {@link io.vertx.core.http.HttpServerRequest}
 * as its body (like `useBodyHandler=false`), and answers with the message's body (a string), its
 * {@link Exchange#HTTP_RESPONSE_CODE} and its other headers; `Connection: close` closes the connection.
 */
final class EventLoopHttpConsumer extends DefaultConsumer implements PlatformHttpConsumer, Suspendable {

    private final String routerName;
    private Route route;

    EventLoopHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, String routerName) {
        super(endpoint, processor);
        this.routerName = routerName;
    }

    @Override
    public PlatformHttpEndpoint getEndpoint() {
        return (PlatformHttpEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getEndpoint().getCamelContext(), routerName);
        if (router == null) {
            // the server's port was 0 (any free port): Camel names its router after that 0
            router = VertxPlatformHttpRouter.lookup(getEndpoint().getCamelContext(), VertxPlatformHttpRouter.PLATFORM_HTTP_ROUTER_NAME_ZERO);
        }
        if (router == null) {
            throw new IllegalStateException("no Vert.x router named " + routerName + " to serve " + getEndpoint().getPath());
        }
        String path = getEndpoint().getPath();
        route = router.route(getEndpoint().isMatchOnUriPrefix() ? path + "*" : path).handler(this::handle);
    }

    @Override
    protected void doStop() throws Exception {
        if (route != null) {
            route.remove();
            route = null;
        }
        super.doStop();
    }

    private void handle(RoutingContext http) {
        if (isSuspended() || !isRunAllowed()) {
            http.response().setStatusCode(503).end();
            return;
        }
        Context eventLoop = Vertx.currentContext();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        http.request().pause();
        exchange.getIn().setBody(http.request());
        try {
            createUoW(exchange);
        } catch (Exception e) {
            answer(http, exchange, e);
            return;
        }
        getAsyncProcessor().process(exchange, doneSync -> {
            if (Vertx.currentContext() == eventLoop) {
                answer(http, exchange, null);
            } else {
                eventLoop.runOnContext(ignored -> answer(http, exchange, null));
            }
        });
    }

    private void answer(RoutingContext http, Exchange exchange, Exception failed) {
        try {
            write(http.response(), exchange, failed != null ? failed : exchange.getException());
        } finally {
            doneUoW(exchange);
            releaseExchange(exchange, false);
        }
    }

    private void write(HttpServerResponse response, Exchange exchange, Exception failure) {
        if (response.ended() || response.closed()) {
            return;
        }
        if (failure != null) {
            getExceptionHandler().handleException("Failed handling " + getEndpoint().getPath(), exchange, failure);
            response.setStatusCode(500).putHeader("Content-Type", "application/json")
                    .end(Json.write(Map.of("error", "internal_error", "message", "the webhook could not be handled")));
            return;
        }
        Message message = exchange.getMessage();
        response.setStatusCode(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
        message.getHeaders().forEach((name, value) -> {
            if (!name.equals(Exchange.HTTP_RESPONSE_CODE) && value != null) {
                response.putHeader(name, value.toString());
            }
        });
        String body = message.getBody(String.class);
        response.end(body == null ? "" : body);
        if ("close".equalsIgnoreCase(message.getHeader("Connection", String.class))) {
            // Vert.x keeps the connection open for an unread body: the rest would be read as the next request
            response.close();
        }
    }
}
