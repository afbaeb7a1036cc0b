package io.kurir.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * `kurir.routes.reload=true` under load: the packaged jar on PostgreSQL routes signed Biteship webhooks
 * through the fleet scenarios' counting route (one `route_runs` row per run of the source route) while
 * routes/biteship.camel.yaml is saved four times, once with a mistake. Every event answered 200 reaches the
 * receiver, every stored event was routed, and none twice.
 */
class ReloadIT {

    private static final String RELOADED = "Reloaded route file biteship.camel.yaml";
    private static final String REFUSED = "Route file biteship.camel.yaml did not load";

    @Test
    void savingARouteFileUnderLoadLosesNothingAndRoutesNothingTwice() throws Exception {
        String unavailable = FaultPostgres.unavailableBecause(false);
        assumeTrue(unavailable == null, "ReloadIT skipped: " + unavailable);
        String schema = FaultPostgres.newSchema();
        Path directory = RunningJar.newWorkingDirectory();
        copy("/fleet/biteship.yaml", directory.resolve("routes/biteship.camel.yaml"));
        copy("/fleet/V900__route_runs.sql", directory.resolve("routes/migrations/V900__route_runs.sql"));
        try (FaultReceiver receiver = new FaultReceiver(3_000)) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KURIR_ROUTES_RELOAD", "true");
            env.put("KURIR_INSTANCE_ID", "reload");
            env.put("KURIR_DB_URL", FaultPostgres.jdbcUrl(schema));
            env.put("KURIR_DB_USER", FaultPostgres.USER);
            env.put("KURIR_HTTP_ALLOW_PRIVATE", "true");
            env.put("KURIR_DESTINATION_SHOP_BACKEND_URL", receiver.url());
            env.put("KURIR_DELIVER_POLL_INTERVAL", "100");
            env.put("KURIR_ROUTE_RECOVERY_INTERVAL", "1000");
            try (FaultJar jar = new FaultJar("reload", directory, env)) {
                jar.start();
                Path route = directory.resolve("routes/biteship.camel.yaml");
                String original = Files.readString(route, StandardCharsets.UTF_8);
                String stored = "has no rule; stored only";
                List<String> saves = List.of(
                        original.replace(stored, "has no rule (first edit); stored only"),
                        // a placeholder nothing sets: the file does not load, its routes run on
                        original.replace("- to: kurir:destination:shop-backend", "- to: \"kurir:destination:shop-backend?x={{kurir.vars.not-set}}\""),
                        original.replace(stored, "has no rule (third edit); stored only"),
                        original);
                FaultLoad load = new FaultLoad(jar.uri("/hooks/biteship"), 150, 8, "rl-" + System.currentTimeMillis()).start();
                try {
                    Thread.sleep(2_000);
                    for (String save : saves) {
                        int before = jar.logLines(100, RELOADED, REFUSED).size();
                        Files.writeString(route, save, StandardCharsets.UTF_8);
                        long deadline = System.currentTimeMillis() + 20_000;
                        while (jar.logLines(100, RELOADED, REFUSED).size() == before && System.currentTimeMillis() < deadline) {
                            Thread.sleep(50);
                        }
                        Thread.sleep(1_500);
                    }
                } finally {
                    load.stop();
                }
                Set<String> acked = load.acked();
                Set<String> missing = receiver.awaitDelivered(acked, 120_000, 60_000, () -> true);
                assertEquals(3, jar.logLines(100, RELOADED).size(), "reloads: " + jar.logLines(100, RELOADED, REFUSED));
                assertEquals(1, jar.logLines(100, REFUSED).size(), "refusals: " + jar.logLines(100, RELOADED, REFUSED));
                assertTrue(acked.size() >= 500, "too little load got through: " + acked.size());
                assertTrue(missing.isEmpty(), missing.size() + " of " + acked.size() + " acknowledged events never arrived, e.g. "
                        + missing.stream().limit(5).toList());
                try (Connection c = DriverManager.getConnection(FaultPostgres.jdbcUrl(schema), FaultPostgres.USER, "");
                     Statement s = c.createStatement()) {
                    long twice = count(s, "SELECT COUNT(*) FROM (SELECT event_id FROM route_runs GROUP BY event_id HAVING COUNT(*) > 1) t");
                    long unrouted = count(s, "SELECT COUNT(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM route_runs r WHERE r.event_id = e.id)");
                    System.out.println("scenario=reload acked=" + acked.size() + " lost=" + missing.size() + " routed_twice=" + twice
                            + " never_routed=" + unrouted);
                    assertEquals(0, twice, "events routed more than once across the reloads");
                    assertEquals(0, unrouted, "stored events the route never ran for");
                }
            }
        } finally {
            FaultPostgres.dropSchema(schema);
        }
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void copy(String resource, Path target) throws Exception {
        try (InputStream in = ReloadIT.class.getResourceAsStream(resource)) {
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
