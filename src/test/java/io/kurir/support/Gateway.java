package io.kurir.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.Json;
import io.kurir.KurirConfiguration;
import io.kurir.store.Database;
import org.apache.camel.main.Main;

/**
 * The whole gateway booted in-process as `java -jar` boots it (application.properties and
 * routes/*.yaml and routes/*.java from the project root), on a given store, with property overrides.
 */
public final class Gateway implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";

    private final Main main;
    private final int port;
    private final String dbUrl;
    private final TestStore store;
    /** Whether closing drops the store too: it was made for this gateway alone. */
    private boolean ownsStore;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Gateway(Main main, int port, TestStore store, String dbUrl) {
        this.main = main;
        this.port = port;
        this.store = store;
        this.dbUrl = dbUrl;
    }

    /** A gateway on a store made for it alone, dropped when the gateway is closed. */
    public static Gateway onFreshStore(TestStore store, Map<String, String> overrides) {
        String dbUrl = store.freshUrl();
        try {
            Gateway gateway = start(store, dbUrl, overrides);
            gateway.ownsStore = true;
            return gateway;
        } catch (RuntimeException e) {
            store.drop(dbUrl);
            throw e;
        }
    }

    public static Gateway start(TestStore store, String dbUrl, Map<String, String> overrides) {
        int port = freePort();
        Map<String, Object> properties = new HashMap<>();
        properties.put("camel.server.port", port);
        properties.put("camel.management.port", port);
        properties.put("kurir.db.url", dbUrl);
        if (!store.user().isEmpty()) {
            properties.put("kurir.db.user", store.user());
        }
        properties.put("kurir.admin.token", ADMIN_TOKEN);
        // the tests' downstream servers live on this machine, and nothing may reach the internet:
        // notification channels a test does not set go to a closed local port
        properties.put("kurir.http.allow-private", "true");
        properties.put("kurir.telegram.base-uri", "http://127.0.0.1:9");
        properties.put("kurir.whatsapp.base-uri", "http://127.0.0.1:9");
        properties.put("kurir.mail.port", "9");
        // specifications of retries count every attempt; the breaker has its own
        properties.put("kurir.deliver.breaker.failures", "1000");
        properties.putAll(overrides);
        Main main = new Main();
        main.configure().addConfiguration(KurirConfiguration.class);
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        main.setOverrideProperties(properties);
        try {
            main.start();
        } catch (Exception e) {
            throw new IllegalStateException("the gateway did not start", e);
        }
        return new Gateway(main, port, store, dbUrl);
    }

    /** The gateway's Camel context, for a test that adds a route of its own. */
    public org.apache.camel.CamelContext context() {
        return main.getCamelContext();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** A signed Biteship webhook that must be accepted (200); its event id. */
    public String postBiteship(String pathAndQuery, String body) {
        HttpResponse<String> response = post(pathAndQuery, "application/json", body.getBytes(StandardCharsets.UTF_8),
                "X-Biteship-Signature", Signing.BITESHIP_SECRET);
        if (response.statusCode() != 200) {
            throw new AssertionError("POST " + pathAndQuery + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body()).get("id").asText();
    }

    /**
     * A JSON POST declaring a body of {@code declaredLength} bytes of which only the first few are sent,
     * over a plain socket that the caller closes; returns once the gateway has had time to read its headers.
     */
    public Socket startSlowPost(String path, int declaredLength) throws IOException, InterruptedException {
        Socket socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + declaredLength + "\r\n\r\n{\"action\":").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(300);
        return socket;
    }

    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** GET with the admin token, as JSON. */
    public JsonNode api(String path) {
        HttpResponse<String> response = get(path, "Authorization", "Bearer " + ADMIN_TOKEN);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** POST with the admin token and an empty body, answered 200; the answer as JSON. */
    public JsonNode apiPost(String path) {
        HttpResponse<String> response = post(path, "application/json", new byte[0], "Authorization", "Bearer " + ADMIN_TOKEN);
        if (response.statusCode() != 200) {
            throw new AssertionError("POST " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response.body());
    }

    /** A scrape of `/observe/metrics`, which must answer 200. */
    public Prometheus metrics() {
        HttpResponse<String> response = get("/observe/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("GET /observe/metrics answered " + response.statusCode() + ": " + response.body());
        }
        return Prometheus.parse(response.body());
    }

    /** Polls the admin API until the event's deliveries reach a state, or fails after the timeout. */
    public JsonNode awaitEvent(String id, java.util.function.Predicate<JsonNode> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode event = api("/api/events/" + id);
        while (!done.test(event)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("event did not reach the expected state in " + timeout + ": " + event.toPrettyString());
            }
            sleep(50);
            event = api("/api/events/" + id);
        }
        return event;
    }

    public Connection database() throws SQLException {
        return DriverManager.getConnection(dbUrl, store.user(), "");
    }

    /** The database of the routes' own tables (`jdbc:kurirDataSource`): beside the embedded store, in PostgreSQL's. */
    public Connection routesDatabase() throws SQLException {
        return DriverManager.getConnection(store == TestStore.EMBEDDED ? Database.routesUrl(dbUrl) : dbUrl, store.user(), "");
    }

    public static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** The delivery of an event (as /api/events/{id} shows it) to this destination, or null. */
    public static JsonNode delivery(JsonNode event, String destination) {
        for (JsonNode d : event.get("deliveries")) {
            if (d.get("destination").asText().equals(destination)) {
                return d;
            }
        }
        return null;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            main.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            if (ownsStore) {
                store.drop(dbUrl);
            }
        }
    }
}
