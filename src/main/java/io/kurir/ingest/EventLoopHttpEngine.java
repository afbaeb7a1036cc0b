package io.kurir.ingest;

import java.util.Set;

import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * Camel's Vert.x engine for `platform-http`, except that the routes of the given paths run on the
 * event loop ({@link EventLoopHttpConsumer}) instead of each holding a worker thread. Only routes
 * whose processors never block may be served so: the ingest route waits for its commit with a
 * callback, not a thread. Camel's Vert.x server is one HTTP server, so one event loop serves every
 * connection: on a machine of several cores, the verification of webhooks no longer spreads over
 * worker threads (bodies over 64 KiB still go to one, see {@link IngestProcessor}).
 */
public final class EventLoopHttpEngine extends VertxPlatformHttpEngine {

    private final Set<String> eventLoopPaths;

    public EventLoopHttpEngine(Set<String> eventLoopPaths) {
        this.eventLoopPaths = Set.copyOf(eventLoopPaths);
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        if (!eventLoopPaths.contains(endpoint.getPath())) {
            return super.createConsumer(endpoint, processor);
        }
        return new EventLoopHttpConsumer(endpoint, processor, VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()));
    }
}
