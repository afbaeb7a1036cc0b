package io.kurir.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.kurir.support.Gateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Kurir that cannot serve, or whose configuration is wrong, exits non-zero with one line saying
 * why, and before it has claimed or attempted anything: never a half-started process on the store.
 */
class FailsLoudlyIT {

    /** shop-backend refuses every connection and is retried at once, so a started Kurir attempts it again at once. */
    private static final Map<String, String> FAILING_SHOP_BACKEND = Map.of(
            "KURIR_HTTP_ALLOW_PRIVATE", "true",
            "KURIR_DESTINATION_SHOP_BACKEND_URL", "http://127.0.0.1:9/shipping",
            "KURIR_RETRY_INITIAL_DELAY", "1",
            "KURIR_RETRY_MULTIPLIER", "1",
            "KURIR_RETRY_MAX_ATTEMPTS", "1000000");

    /** A working directory whose store holds a delivery that is due, with attempts already made. */
    private static Path withADueDelivery;

    @BeforeAll
    static void storeADueDelivery() throws Exception {
        withADueDelivery = RunningJar.newWorkingDirectory();
        try (RunningJar jar = RunningJar.start(withADueDelivery, FAILING_SHOP_BACKEND)) {
            String id = Gateway.json(jar.postParcel("due-1", "Delivered").body()).get("id").asText();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (Gateway.json(jar.api("/api/events/" + id).body()).path("deliveries").path(0).path("attempts").asInt() == 0) {
                assertTrue(System.nanoTime() < deadline, "no attempt in 30 s");
                Thread.sleep(100);
            }
        }
    }

    @Test
    void exitsInOneLineHavingTouchedNothingWhenItsPortIsTaken() throws Exception {
        Path directory = copyOf(withADueDelivery);
        long attempts = count(directory, "SELECT COUNT(*) FROM attempts");
        try (ServerSocket taken = new ServerSocket(RunningJar.freePort())) {
            RunningJar.Exit exit = RunningJar.runToExit(directory, taken.getLocalPort(), FAILING_SHOP_BACKEND);

            assertEquals(1, exit.code(), String.join("\n", exit.lines()));
            assertEquals(1, exit.errors().size(), String.join("\n", exit.lines()));
            assertTrue(exit.errors().get(0).contains("Cannot listen on 0.0.0.0:" + taken.getLocalPort() + ": Address already in use"),
                    exit.errors().get(0));
            assertEquals(List.of(), exit.stackTraces());
            assertEquals(attempts, count(directory, "SELECT COUNT(*) FROM attempts"));
            assertEquals(0, count(directory, "SELECT COUNT(*) FROM deliveries WHERE lease_owner IS NOT NULL"));
            assertEquals(0, count(directory, "SELECT COUNT(*) FROM instances WHERE id LIKE '%:" + taken.getLocalPort() + "'"));
        }
    }

    @Test
    void exitsHavingAttemptedNothingWhenARouteFailsToStart() throws Exception {
        Path directory = copyOf(withADueDelivery);
        long attempts = count(directory, "SELECT COUNT(*) FROM attempts");
        // two consumers of one direct: endpoint are refused only as the second route starts, after the first ones did
        Files.writeString(directory.resolve("routes/zz-twice.yaml"), """
                - route:
                    id: first
                    from:
                      uri: direct:twice
                      steps:
                        - log: first
                - route:
                    id: second
                    from:
                      uri: direct:twice
                      steps:
                        - log: second
                """);

        RunningJar.Exit exit = RunningJar.runToExit(directory, RunningJar.freePort(), FAILING_SHOP_BACKEND);

        assertEquals(1, exit.code(), String.join("\n", exit.lines()));
        assertEquals(1, exit.errors().stream().filter(line -> line.contains("Kurir did not start: route 'second'")).count(),
                String.join("\n", exit.lines()));
        assertEquals(attempts, count(directory, "SELECT COUNT(*) FROM attempts"));
        assertEquals(0, count(directory, "SELECT COUNT(*) FROM deliveries WHERE lease_owner IS NOT NULL"));
    }

    @Test
    void namesTheNearestSettingWhenAnEnvironmentVariableIsMisspelt() throws Exception {
        Path directory = RunningJar.newWorkingDirectory();

        RunningJar.Exit exit = RunningJar.runToExit(directory, RunningJar.freePort(), Map.of("KURIR_SOURCE_MY_GITHUB_VERFY", "github"));

        assertEquals(78, exit.code(), String.join("\n", exit.lines()));
        assertEquals(1, exit.errors().size(), String.join("\n", exit.lines()));
        assertTrue(exit.errors().get(0).contains("KURIR_SOURCE_MY_GITHUB_VERFY is not a Kurir setting: did you mean "
                + "KURIR_SOURCE_MY_GITHUB_VERIFY?"), exit.errors().get(0));
        assertEquals(List.of(), exit.stackTraces());
        assertFalse(Files.exists(directory.resolve("data")), "the store was opened");
    }

    @Test
    void namesTheNearestSettingWhenAKeyOfApplicationPropertiesIsMisspelt() throws Exception {
        Path directory = RunningJar.newWorkingDirectory();
        Files.writeString(directory.resolve("application.properties"), "\nkurir.retry.max-atempts = 3\n",
                java.nio.file.StandardOpenOption.APPEND);

        RunningJar.Exit exit = RunningJar.runToExit(directory, RunningJar.freePort(), Map.of());

        assertEquals(78, exit.code(), String.join("\n", exit.lines()));
        assertEquals(1, exit.errors().size(), String.join("\n", exit.lines()));
        assertTrue(exit.errors().get(0).contains("kurir.retry.max-atempts (in application.properties) is not a Kurir setting: "
                + "did you mean kurir.retry.max-attempts?"), exit.errors().get(0));
    }

    @Test
    void exitsWhenARouteStartsFromASourceThatIsNotConfigured() throws Exception {
        Path directory = RunningJar.newWorkingDirectory();
        Files.writeString(directory.resolve("routes/shopify.yaml"), """
                - route:
                    id: shopify-orders
                    from:
                      uri: kurir:source:shopify
                      steps:
                        - to: kurir:destination:shop-backend
                """);

        RunningJar.Exit exit = RunningJar.runToExit(directory, RunningJar.freePort(), Map.of());

        assertEquals(78, exit.code(), String.join("\n", exit.lines()));
        assertEquals(1, exit.errors().size(), String.join("\n", exit.lines()));
        assertTrue(exit.errors().get(0).contains("route 'shopify-orders': kurir:source:shopify is not a configured source "
                + "(kurir.source.shopify.verify is not set"), exit.errors().get(0));
        assertEquals(List.of(), exit.stackTraces());
    }

    @Test
    void namesTheFileAndLineOfAJavaRouteThatDoesNotCompile() throws Exception {
        Path directory = RunningJar.newWorkingDirectory();
        Files.writeString(directory.resolve("routes/Refunds.java"), """
                import org.apache.camel.builder.RouteBuilder;

                public class Refunds extends RouteBuilder {
                    @Override
                    public void configure() {
                        from("kurir:destination:refunds")
                            .to("{{kurir.destination.shop-backend.url}}")
                    }
                }
                """);

        for (String[] arguments : new String[][] {{}, {"--check"}}) {
            RunningJar.Exit exit = RunningJar.runToExit(directory, RunningJar.freePort(), Map.of(), arguments);

            assertEquals(78, exit.code(), String.join("\n", exit.lines()));
            assertEquals(1, exit.errors().size(), String.join("\n", exit.lines()));
            assertTrue(exit.errors().get(0).endsWith("Configuration error: routes/Refunds.java line 7 does not compile: ';' expected"),
                    exit.errors().get(0));
            assertEquals(List.of(), exit.stackTraces());
        }
    }

    private static long count(Path directory, String sql) throws SQLException {
        try (Connection store = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("data/kurir.db"));
             ResultSet rows = store.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Path copyOf(Path directory) throws Exception {
        Path copy = Files.createTempDirectory("kurir-jar");
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = copy.resolve(directory.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return copy;
    }
}
