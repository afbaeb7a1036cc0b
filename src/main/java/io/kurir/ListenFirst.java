package io.kurir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;

import io.vertx.core.http.impl.HttpServerImpl;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.support.service.ServiceHelper;

/**
 * Binds the HTTP port before the store is opened. Camel Main listens only once the context starts,
 * after Kurir has registered its instance in the store and while its consumers start claiming work:
 * a second Kurir on a taken port did all that under its own configuration. And camel-platform-http-vertx
 * 4.18 only logs a failure to listen, the start going on without a server; here it stops the start.
 */
final class ListenFirst {

    private ListenFirst() {
    }

    /** Starts Camel Main's HTTP servers now (none with `camel.server.enabled=false`), or fails naming the port. */
    static void now(CamelContext context) {
        MainHttpServer main = context.hasService(MainHttpServer.class);
        ManagementHttpServer management = context.hasService(ManagementHttpServer.class);
        // asked first, so that a port in use is said in one line rather than in Vert.x's stack trace
        for (VertxPlatformHttpServer server : context.hasServices(VertxPlatformHttpServer.class)) {
            if (server.getConfigurationPort() > 0) {
                whyNot(server.getHost(), server.getConfigurationPort()).ifPresent(reason -> {
                    throw cannotListen(server, reason);
                });
            }
        }
        ServiceHelper.startService(main, management);
        for (VertxPlatformHttpServer server : context.hasServices(VertxPlatformHttpServer.class)) {
            if (!(server.getServer() instanceof HttpServerImpl listening && listening.isListening())) {
                // taken in the moment between the question and the bind
                throw cannotListen(server, whyNot(server.getHost(), server.getConfigurationPort()).orElse("the server did not start"));
            }
        }
    }

    private static CannotListen cannotListen(VertxPlatformHttpServer server, String reason) {
        return new CannotListen("Cannot listen on " + server.getHost() + ":" + server.getConfigurationPort() + ": " + reason
                + " (is another Kurir running? PORT, or camel.server.port, sets the port)");
    }

    /** Why the port cannot be bound now, if it cannot: bound and let go at once, as Vert.x binds it (SO_REUSEADDR). */
    private static Optional<String> whyNot(String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }
}
