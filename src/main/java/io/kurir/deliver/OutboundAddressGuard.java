package io.kurir.deliver;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Predicate;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

/**
 * Refuses outbound HTTP to loopback, private, link-local (cloud metadata) and other internal
 * addresses unless `kurir.http.allow-private=true`, so that a routed payload or a label cannot
 * point Kurir at internal services.
 *
 * <p>It is the DNS resolver of the HTTP client itself ({@link GuardedHttpComponent}, Kurir's
 * `http:`/`https:` components): the addresses it lets through are the ones the client connects to,
 * with no second lookup in between, so a name whose answer changes between a check and the connection
 * (DNS rebinding) cannot slip through. IP literals take the same path. Every connection the client
 * opens is guarded this way, a redirect's (camel-http follows none unless a route asks) and a
 * proxy's too. A target reached through an HTTP proxy is only looked up here, since the proxy
 * connects to it: that check cannot close the rebinding window, which is then the proxy's.
 *
 * <p>Not guarded: camel-mail, camel-telegram and camel-whatsapp open connections with their own
 * clients, to hosts set in Kurir's settings (`kurir.mail.host`, `kurir.telegram.base-uri`,
 * `kurir.whatsapp.base-uri`) rather than taken from events. No other HTTP client component
 * (vertx-http, ...) is on the class path.
 */
public final class OutboundAddressGuard implements DnsResolver {

    private static final Predicate<InetAddress> NONE = address -> false;

    private final DnsResolver lookup;
    private final Predicate<InetAddress> refused;

    public OutboundAddressGuard(boolean allowPrivate) {
        this(SystemDefaultDnsResolver.INSTANCE, allowPrivate ? NONE : OutboundAddressGuard::isInternal);
    }

    /** Tests give fixed or changing answers, and may count a stand-in loopback address as public. */
    OutboundAddressGuard(DnsResolver lookup, Predicate<InetAddress> refused) {
        this.lookup = lookup;
        this.refused = refused;
    }

    /**
     * All the host's addresses, or a refusal if any is internal: a name that also points inward is
     * refused whole rather than tried address by address.
     */
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        InetAddress[] addresses = lookup.resolve(host);
        for (InetAddress address : addresses) {
            check(host, address);
        }
        return addresses;
    }

    /** Only Kerberos/SPNEGO asks this, to name the service; nothing connects to its answer. */
    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return lookup.resolveCanonicalHostname(host);
    }

    /**
     * A target reached through an HTTP proxy, which Kurir does not connect to: refused if Kurir's own
     * answer for it is internal, or if it has none (the proxy might resolve it inward).
     */
    void checkBehindProxy(String host) throws UnknownHostException {
        if (refused != NONE) {
            resolve(host);
        }
    }

    void check(String host, InetAddress address) {
        if (refused.test(address)) {
            throw new SecurityException("refused to send to " + host + ": it resolves to the internal address "
                    + address.getHostAddress() + " (set kurir.http.allow-private=true to allow internal destinations)");
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
