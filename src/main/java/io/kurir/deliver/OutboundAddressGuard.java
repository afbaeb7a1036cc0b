package io.kurir.deliver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Refuses outbound HTTP to loopback, private, link-local (cloud metadata) and other internal
 * addresses unless `kurir.http.allow-private=true`, so that a routed payload or a label cannot
 * point Kurir at internal services. Redirects are not followed at all (camel-http's default), so a
 * public URL cannot bounce the request inward either.
 */
public final class OutboundAddressGuard implements Processor {

    private final boolean allowPrivate;

    public OutboundAddressGuard(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    @Override
    public void process(Exchange exchange) throws UnknownHostException {
        if (allowPrivate) {
            return;
        }
        String uri = exchange.getProperty(Exchange.INTERCEPTED_ENDPOINT, String.class);
        String override = exchange.getMessage().getHeader(Exchange.HTTP_URI, String.class);
        String host = URI.create(override != null ? override : uri.replaceFirst("^https?:(?!//)", "http://")).getHost();
        if (host == null) {
            throw new IllegalArgumentException("outbound HTTP needs a host: " + uri);
        }
        for (InetAddress address : InetAddress.getAllByName(host)) {
            if (isInternal(address)) {
                throw new SecurityException("refused to send to " + host + ": it resolves to the internal address "
                        + address.getHostAddress() + " (set kurir.http.allow-private=true to allow internal destinations)");
            }
        }
    }

    static boolean isInternal(InetAddress address) {
        byte[] b = address.getAddress();
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 0.0.0.0/8, carrier-grade NAT 100.64.0.0/10, benchmarking 198.18.0.0/15
            return first == 0 || first == 100 && (second & 0xc0) == 64 || first == 198 && (second & 0xfe) == 18;
        }
        // unique local fc00::/7
        return address instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;
    }
}
