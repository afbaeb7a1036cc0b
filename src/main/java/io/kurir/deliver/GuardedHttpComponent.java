package io.kurir.deliver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.apache.camel.component.http.HttpComponent;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.client5.http.socket.ConnectionSocketFactory;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Registry;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * camel-http's component (Kurir registers it as `http` and `https`) whose connections are opened
 * through the {@link OutboundAddressGuard}: every endpoint's connection pool resolves host names with
 * the guard, so the address checked is the address connected to. Everything else, including the
 * `camel.component.http.*` settings, is camel-http's own.
 */
public final class GuardedHttpComponent extends HttpComponent {

    private final OutboundAddressGuard guard;

    public GuardedHttpComponent(OutboundAddressGuard guard) {
        this.guard = guard;
    }

    /** As camel-http builds the pool, with the guard in it. */
    @Override
    protected HttpClientConnectionManager createConnectionManager(
            Registry<ConnectionSocketFactory> registry, int maxTotalConnections, int connectionsPerRoute, SocketConfig defaultSocketConfig) {
        GuardedPool pool = new GuardedPool(registry, guard, TimeValue.ofMilliseconds(getConnectionTimeToLive()));
        int maxTotal = maxTotalConnections != 0 ? maxTotalConnections : getMaxTotalConnections();
        if (maxTotal > 0) {
            pool.setMaxTotal(maxTotal);
        }
        int perRoute = connectionsPerRoute != 0 ? connectionsPerRoute : getConnectionsPerRoute();
        if (perRoute > 0) {
            pool.setDefaultMaxPerRoute(perRoute);
        }
        pool.setDefaultSocketConfig(defaultSocketConfig);
        return pool;
    }

    /**
     * Checks the target of a route through an HTTP proxy at every request: the proxy connects to it,
     * and a kept-alive connection to the proxy carries requests for any target.
     */
    static final class GuardedPool extends PoolingHttpClientConnectionManager {

        private final OutboundAddressGuard guard;

        GuardedPool(Registry<ConnectionSocketFactory> registry, OutboundAddressGuard guard, TimeValue timeToLive) {
            super(new GuardedOperator(registry, guard), PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, timeToLive, null);
            this.guard = guard;
        }

        @Override
        public LeaseRequest lease(String id, HttpRoute route, Timeout requestTimeout, Object state) {
            if (route.getProxyHost() != null) {
                try {
                    guard.checkBehindProxy(route.getTargetHost().getHostName());
                } catch (UnknownHostException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return super.lease(id, route, requestTimeout, state);
        }
    }

    /**
     * HttpClient's own operator with the guard as its DNS resolver, so every connection (a proxy's
     * too) goes to an address the guard answered. A host given with its address is connected to
     * without asking the resolver, so that address is checked here.
     */
    static final class GuardedOperator extends DefaultHttpClientConnectionOperator {

        private final OutboundAddressGuard guard;

        @SuppressWarnings("deprecation") // camel-http hands over socket factories; this constructor adapts them as camel-http's pool does
        GuardedOperator(Registry<ConnectionSocketFactory> registry, OutboundAddressGuard guard) {
            super(registry, null, guard);
            this.guard = guard;
        }

        @Override
        public void connect(ManagedHttpClientConnection conn, HttpHost endpointHost, NamedEndpoint endpointName,
                InetSocketAddress localAddress, Timeout connectTimeout, SocketConfig socketConfig, Object attachment,
                HttpContext context) throws IOException {
            if (endpointHost.getAddress() != null) {
                guard.check(endpointHost.getHostName(), endpointHost.getAddress());
            }
            super.connect(conn, endpointHost, endpointName, localAddress, connectTimeout, socketConfig, attachment, context);
        }
    }
}
