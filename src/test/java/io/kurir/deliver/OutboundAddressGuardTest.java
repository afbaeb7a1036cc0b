package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.kurir.support.Downstream;
import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

/**
 * A routed payload cannot point Kurir at internal services unless kurir.http.allow-private=true: the
 * HTTP client itself refuses to connect there. No test leaves this machine: host names get fixed
 * answers, and where a test needs a reachable "public" server, 127.0.0.2 stands in for one.
 */
class OutboundAddressGuardTest {

    private static final InetAddress PUBLIC = address("93.184.216.34");
    private static final InetAddress LOOPBACK = address("127.0.0.1");
    private static final InetAddress PUBLIC_STAND_IN = address("127.0.0.2");

    @Test
    void countsLoopbackPrivateLinkLocalAndUniqueLocalAddressesAsInternal() throws Exception {
        for (String internal : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
                "100.64.0.1", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1"}) {
            assertTrue(OutboundAddressGuard.isInternal(InetAddress.getByName(internal)), internal);
        }
        for (String external : new String[] {"8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "100.128.0.1"}) {
            assertFalse(OutboundAddressGuard.isInternal(InetAddress.getByName(external)), external);
        }
    }

    @Test
    void aPublicNameResolvesToItsAddresses() throws Exception {
        OutboundAddressGuard guard = new OutboundAddressGuard(new Answers().add("shop.example", PUBLIC), OutboundAddressGuard::isInternal);

        assertArrayEquals(new InetAddress[] {PUBLIC}, guard.resolve("shop.example"));
    }

    @Test
    void aNameWithAnyInternalAddressIsRefusedWhole() {
        OutboundAddressGuard guard = new OutboundAddressGuard(
                new Answers().add("mixed.example", PUBLIC, address("10.0.0.5")), OutboundAddressGuard::isInternal);

        SecurityException refusal = assertThrows(SecurityException.class, () -> guard.resolve("mixed.example"));
        assertEquals("refused to send to mixed.example: it resolves to the internal address 10.0.0.5"
                + " (set kurir.http.allow-private=true to allow internal destinations)", refusal.getMessage());
    }

    @Test
    void aNameThatRebindsToLoopbackAfterAPublicAnswerCannotReachLoopback() throws Exception {
        // the attacker's DNS answers a public address first, loopback from then on
        Answers rebinding = new Answers().add("rebind.example", PUBLIC).add("rebind.example", LOOPBACK);
        OutboundAddressGuard guard = new OutboundAddressGuard(rebinding, OutboundAddressGuard::isInternal);
        try (Downstream internal = new Downstream(); CamelContext camel = camel(guard)) {
            guard.resolve("rebind.example"); // what a check before the request would have seen: public

            Throwable refusal = failure(camel, "http://rebind.example:" + port(internal) + "/admin");

            assertInstanceOf(SecurityException.class, refusal);
            assertTrue(refusal.getMessage().startsWith("refused to send to rebind.example: it resolves to the internal address 127.0.0.1"),
                    refusal.getMessage());
            assertEquals(0, internal.all().size());
        }
    }

    @Test
    void anIpLiteralLoopbackHostIsRefused() throws Exception {
        try (Downstream internal = new Downstream(); CamelContext camel = camel(new OutboundAddressGuard(false))) {
            Throwable refusal = failure(camel, internal.url("/admin"));

            assertInstanceOf(SecurityException.class, refusal);
            assertTrue(refusal.getMessage().contains("internal address 127.0.0.1"), refusal.getMessage());
            assertEquals(0, internal.all().size());
        }
    }

    @Test
    void allowPrivateLetsALoopbackDestinationThrough() throws Exception {
        try (Downstream internal = new Downstream(); CamelContext camel = camel(new OutboundAddressGuard(true))) {
            Exchange sent = camel.createProducerTemplate().send(internal.url("/hook"), exchange -> exchange.getMessage().setBody("{}"));

            assertNull(sent.getException());
            assertEquals("/hook", internal.next().path());
        }
    }

    @Test
    void aFollowedRedirectToAnInternalAddressIsRefused() throws Exception {
        try (Downstream internal = new Downstream(); StandIn redirecting = new StandIn(302, "Location", internal.url("/admin"));
             CamelContext camel = camel(standInGuard(new Answers()))) {
            Throwable refusal = failure(camel, redirecting.url("/go") + "?followRedirects=true");

            assertInstanceOf(SecurityException.class, refusal);
            assertTrue(refusal.getMessage().contains("internal address 127.0.0.1"), refusal.getMessage());
            assertEquals(List.of("/go"), redirecting.paths);
            assertEquals(0, internal.all().size());
        }
    }

    @Test
    void aProxyOnAnInternalAddressIsRefused() throws Exception {
        try (Downstream internalProxy = new Downstream();
             CamelContext camel = camel(new OutboundAddressGuard(new Answers().add("shop.example", PUBLIC), OutboundAddressGuard::isInternal))) {
            Throwable refusal = failure(camel, "http://shop.example/hook?proxyHost=127.0.0.1&proxyPort=" + port(internalProxy));

            assertInstanceOf(SecurityException.class, refusal);
            assertTrue(refusal.getMessage().startsWith("refused to send to 127.0.0.1: it resolves to the internal address 127.0.0.1"),
                    refusal.getMessage());
            assertEquals(0, internalProxy.all().size());
        }
    }

    @Test
    void aProxyGivenWithItsAddressIsCheckedWithoutALookup() throws Exception {
        try (Downstream internalProxy = new Downstream();
             CamelContext camel = camel(new OutboundAddressGuard(new Answers().add("shop.example", PUBLIC), OutboundAddressGuard::isInternal))) {
            // HttpClient connects to such a host without asking its DNS resolver
            HttpClientConfigurer viaLoopback = builder -> builder.setProxy(new HttpHost("http", LOOPBACK, "proxy.example", port(internalProxy)));
            camel.getRegistry().bind("viaLoopback", viaLoopback);

            Throwable refusal = failure(camel, "http://shop.example/hook?httpClientConfigurer=#viaLoopback");

            assertInstanceOf(SecurityException.class, refusal);
            assertTrue(refusal.getMessage().startsWith("refused to send to proxy.example: it resolves to the internal address 127.0.0.1"),
                    refusal.getMessage());
            assertEquals(0, internalProxy.all().size());
        }
    }

    @Test
    void aTargetWithAnInternalAddressIsRefusedThroughAProxy() throws Exception {
        try (StandIn proxy = new StandIn(200, "X-Proxy", "yes");
             CamelContext camel = camel(standInGuard(new Answers().add("metadata.example", address("169.254.169.254"))))) {
            Throwable refusal = failure(camel, "http://metadata.example/latest?proxyHost=127.0.0.2&proxyPort=" + proxy.port());

            assertInstanceOf(SecurityException.class, refusal);
            assertTrue(refusal.getMessage().startsWith("refused to send to metadata.example: it resolves to the internal address 169.254.169.254"),
                    refusal.getMessage());
            assertEquals(List.of(), proxy.paths);
        }
    }

    @Test
    void aTargetThatDoesNotResolveHereIsRefusedThroughAProxy() throws Exception {
        try (StandIn proxy = new StandIn(200, "X-Proxy", "yes");
             CamelContext camel = camel(standInGuard(new Answers().add("intranet.example")))) {
            Throwable refusal = failure(camel, "http://intranet.example/wiki?proxyHost=127.0.0.2&proxyPort=" + proxy.port());

            assertInstanceOf(UnknownHostException.class, refusal);
            assertEquals(List.of(), proxy.paths);
        }
    }

    @Test
    void theGuardedComponentsKeepCamelHttpSettings() throws Exception {
        try (Gateway gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of("camel.component.http.connect-timeout", "1234"))) {
            HttpComponent http = gateway.context().getComponent("http", HttpComponent.class);

            assertInstanceOf(GuardedHttpComponent.class, http);
            assertInstanceOf(GuardedHttpComponent.class, gateway.context().getComponent("https"));
            assertEquals(1234, http.getConnectTimeout());
        }
    }

    @Test
    void refusesToDeliverToALoopbackDestinationByDefault() throws Exception {
        try (Downstream internal = new Downstream();
             Gateway gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                     "kurir.http.allow-private", "false",
                     "kurir.destination.shop-backend.url", internal.url("/admin/danger"),
                     "kurir.retry.max-attempts", "1"))) {
            byte[] body = "{\"event\":\"order.waybill_id\",\"order_id\":\"ssrf-1\",\"status\":\"allocated\"}".getBytes();
            String id = Gateway.json(gateway.post("/hooks/biteship", "application/json", body,
                    "X-Biteship-Signature", Signing.BITESHIP_SECRET).body()).get("id").asText();

            JsonNode delivery = gateway.awaitEvent(id, e -> e.get("deliveries").size() == 1
                    && e.get("deliveries").get(0).get("status").asText().equals("dead"), Duration.ofSeconds(10)).get("deliveries").get(0);
            assertTrue(delivery.get("lastError").asText().contains("internal address 127.0.0.1"), delivery.toString());
            assertEquals(0, internal.all().size());
        }
    }

    /** The guard with 127.0.0.2 counted as public, so that a local server can stand in for a public one. */
    private static OutboundAddressGuard standInGuard(Answers answers) {
        return new OutboundAddressGuard(answers, address -> OutboundAddressGuard.isInternal(address) && !address.equals(PUBLIC_STAND_IN));
    }

    private static CamelContext camel(OutboundAddressGuard guard) {
        CamelContext camel = new DefaultCamelContext();
        camel.addComponent("http", new GuardedHttpComponent(guard));
        camel.start();
        return camel;
    }

    /** The root cause of a POST to `uri`. */
    private static Throwable failure(CamelContext camel, String uri) {
        Exchange sent = camel.createProducerTemplate().send(uri, exchange -> exchange.getMessage().setBody("{}"));
        Throwable root = sent.getException();
        assertTrue(root != null, "the send to " + uri + " succeeded");
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }

    private static int port(Downstream downstream) {
        return URI.create(downstream.url("/")).getPort();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * Fixed DNS answers per name, given in turn (the last one repeats; none is "unknown host"); IP
     * literals as the system reads them.
     */
    private static final class Answers implements DnsResolver {
        private final Map<String, Deque<InetAddress[]>> byName = new HashMap<>();

        Answers add(String name, InetAddress... answer) {
            byName.computeIfAbsent(name, n -> new ArrayDeque<>()).add(answer);
            return this;
        }

        @Override
        public synchronized InetAddress[] resolve(String host) throws UnknownHostException {
            Deque<InetAddress[]> answers = byName.get(host);
            if (answers == null) {
                return SystemDefaultDnsResolver.INSTANCE.resolve(host);
            }
            InetAddress[] answer = answers.size() > 1 ? answers.poll() : answers.peek();
            if (answer.length == 0) {
                throw new UnknownHostException(host);
            }
            return answer;
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }

    /** A server on 127.0.0.2 that answers every request with `status` and one header. */
    private static final class StandIn implements AutoCloseable {
        final List<String> paths = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        StandIn(int status, String header, String value) throws Exception {
            server = HttpServer.create(new InetSocketAddress(PUBLIC_STAND_IN, 0), 0);
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                paths.add(exchange.getRequestURI().getPath());
                exchange.getResponseHeaders().add(header, value);
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        String url(String path) {
            return "http://127.0.0.2:" + port() + path;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
