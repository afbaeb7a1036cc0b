package io.kurir.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fleet scenarios of issue 20 ("proved as a fleet"): three instances of the packaged jar, each
 * in its own working directory and on its own port, on one fresh PostgreSQL schema, behind a real
 * HAProxy ({@link FaultBalancer}) through which alone a steady load of signed Biteship webhooks is
 * sent. One instance killed for good; two killed and one of them restarted; PostgreSQL restarted;
 * routing saturated far past the instance timeout; a delivery held by an instance that is then killed,
 * retried through the admin API. Each scenario prints one line (also appended to
 * target/faults/summary.txt) and fails unless every event answered 200 reached the receiver
 * (lost=0), no event was routed twice but where a crash or an outage allows it (routed_twice=0), and
 * PostgreSQL saw no deadlock (deadlocks=0).
 * <p>
 * Routing is counted by the route itself: the fleet's routes/biteship.camel.yaml (src/test/resources/fleet)
 * inserts a row into `route_runs(event_id, instance, at)` on every run, through the DataSource the
 * gateway binds for routes, before Kurir records the routing. So a run counts as a side effect that
 * has happened, whatever Kurir recorded afterwards.
 * <p>
 * `-Dkurir.faults=short` (the default, for CI: the class in about 3.5 minutes) or `long` (about 7).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

    /** How long and how hard. Times in ms. */
    record Profile(String name, int rate, int threads, long warmup, long afterKill, long restartAfter, long outage, long tail,
                   long drain, int saturatedRate, long saturatedLoad, long routeDelay, long takeoverLimit) {

        static Profile of(String name) {
            return switch (name.toLowerCase(Locale.ROOT)) {
                case "long" -> new Profile("long", 150, 16, 10_000, 30_000, 10_000, 20_000, 10_000, 300_000, 150, 30_000, 60, 30_000);
                // afterKill past the 10 s instance timeout: the takeover happens under load
                case "short", "" -> new Profile("short", 80, 12, 3_000, 12_000, 3_000, 5_000, 3_000, 120_000, 80, 8_000, 60, 20_000);
                default -> throw new IllegalArgumentException("kurir.faults is short or long, not " + name);
            };
        }
    }

    private static final Profile P = Profile.of(System.getProperty("kurir.faults", "short"));

    private static final List<String> IDS = List.of("fleet-a", "fleet-b", "fleet-c");
    private static final Path SUMMARY = FaultJar.LOGS.resolve("summary.txt");
    /** No delivery for this long while some are missing: the wait is over (longer than the 60 s after which a failed route is retried). */
    private static final long STALL = 90_000;
    /** A run of the route on an instance killed (or a store that went down) within this long after it may be repeated. */
    private static final long CRASH_WINDOW = 2_000;
    /** Default kurir.instance.timeout: the scenarios keep it, since that is what ops run. */
    private static final long INSTANCE_TIMEOUT = 10_000;
    /** The receiver's hang for the delivery held in fleet_admin_retry: longer than anything in the scenario. */
    private static final long HANG = 60_000;
    private static final long POLL_INTERVAL = 100;
    /**
     * Well within the instance timeout (10 s) that an unsuperseded lease would wait out: the retry
     * is attempted at the next poll, after the due deliveries queued before it (the killed instance's
     * own, taken over meanwhile), on a 2-core machine busy with three JVMs, PostgreSQL and HAProxy.
     */
    private static final long RETRY_LIMIT = 3_000;
    /** The instance timeout of the saturated scenario: its routing lags several times as long, and no instance may take over. */
    private static final long TIMEOUT_SATURATED = 3_000;

    /**
     * Common to every instance of every scenario. No short delivery lease: a killed instance's
     * work must be taken over because its heartbeat stopped, not because a lease ran out.
     */
    private static Map<String, String> environment(FaultReceiver receiver, String schema, String id) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KURIR_INSTANCE_ID", id);
        env.put("KURIR_DB_URL", FaultPostgres.jdbcUrl(schema));
        env.put("KURIR_DB_USER", FaultPostgres.USER);
        env.put("KURIR_HTTP_ALLOW_PRIVATE", "true");
        env.put("KURIR_DESTINATION_SHOP_BACKEND_URL", receiver.url());
        env.put("KURIR_RETRY_INITIAL_DELAY", "200");
        env.put("KURIR_RETRY_MAX_DELAY", "2000");
        env.put("KURIR_RETRY_MAX_ATTEMPTS", "50");
        env.put("KURIR_DELIVER_POLL_INTERVAL", Long.toString(POLL_INTERVAL));
        env.put("KURIR_ROUTE_RECOVERY_INTERVAL", "1000");
        // a route that failed while PostgreSQL was down is tried again in seconds, not half a minute
        env.put("KURIR_ROUTE_RETRY_DELAY", "2000");
        env.put("FLEET_ROUTE_DELAY_MS", "0");
        return env;
    }

    /** Why the fleet scenarios cannot run here, or null when they can. */
    private static String unavailableBecause(boolean needsPgCtl) {
        String postgres = FaultPostgres.unavailableBecause(needsPgCtl);
        return postgres != null ? postgres : FaultBalancer.unavailableBecause();
    }

    // ---------------------------------------------------------------------------------------------
    // 1. one instance killed for good

    @Test
    @Order(1)
    void fleet_kill_one() throws Exception {
        String unavailable = unavailableBecause(false);
        assumeTrue(unavailable == null, "fleet_kill_one skipped: " + unavailable);
        long started = System.currentTimeMillis();
        try (Fleet fleet = new Fleet("fleet_kill_one", Map.of())) {
            fleet.start();
            String victim = IDS.get(new Random().nextInt(IDS.size()));
            FaultLoad load = fleet.load("f1-" + started, P.rate()).start();
            try {
                Thread.sleep(P.warmup());
                fleet.kill(victim);
                // past the instance timeout: the others take over while the load goes on
                Thread.sleep(P.afterKill());
            } finally {
                load.stop();
            }
            Figures figures = fleet.finish(load);
            figures.report("killed=" + victim + " " + figures.answers() + " run_s=" + (System.currentTimeMillis() - started) / 1000);
            figures.assertHolds();
            fleet.passed();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 2. two instances killed, one of them restarted

    @Test
    @Order(2)
    void fleet_kill_two_restart_one() throws Exception {
        String unavailable = unavailableBecause(false);
        assumeTrue(unavailable == null, "fleet_kill_two_restart_one skipped: " + unavailable);
        long started = System.currentTimeMillis();
        try (Fleet fleet = new Fleet("fleet_kill_two_restart_one", Map.of())) {
            fleet.start();
            List<String> victims = new ArrayList<>(IDS);
            java.util.Collections.shuffle(victims);
            victims = victims.subList(0, 2);
            String restarted = victims.get(0);
            long restartMs;
            FaultLoad load = fleet.load("f2-" + started, P.rate()).start();
            try {
                Thread.sleep(P.warmup());
                long killedAt = System.currentTimeMillis();
                for (String victim : victims) {
                    fleet.kill(victim);
                }
                Thread.sleep(P.restartAfter());
                // the same id, directory and port: it takes back what it held, and the balancer puts it back
                long restarting = System.currentTimeMillis();
                fleet.restart(restarted);
                restartMs = System.currentTimeMillis() - restarting;
                Thread.sleep(Math.max(P.tail(), killedAt + P.afterKill() - System.currentTimeMillis()));
            } finally {
                load.stop();
            }
            Figures figures = fleet.finish(load);
            figures.report("killed=" + String.join(",", victims) + " restarted=" + restarted + " restart_ms=" + restartMs + " "
                    + figures.answers() + " run_s=" + (System.currentTimeMillis() - started) / 1000);
            figures.assertHolds();
            fleet.passed();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 3. PostgreSQL restarted under the fleet

    @Test
    @Order(3)
    void fleet_postgres_restart() throws Exception {
        String unavailable = unavailableBecause(true);
        assumeTrue(unavailable == null, "fleet_postgres_restart skipped: " + unavailable);
        long started = System.currentTimeMillis();
        try (Fleet fleet = new Fleet("fleet_postgres_restart", Map.of())) {
            fleet.start();
            long stopping;
            long ready;
            FaultLoad load = fleet.load("f3-" + started, P.rate()).start();
            try {
                Thread.sleep(P.warmup());
                stopping = System.currentTimeMillis();
                try {
                    FaultPostgres.stop();
                    Thread.sleep(P.outage());
                    FaultPostgres.start();
                } finally {
                    FaultPostgres.ensureRunning();
                }
                ready = System.currentTimeMillis();
                fleet.outage(stopping, ready);
                Thread.sleep(P.tail());
            } finally {
                load.stop();
            }
            Figures figures = fleet.finish(load);
            figures.report("down_ms=" + (ready - stopping) + " " + figures.answers() + " run_s=" + (System.currentTimeMillis() - started) / 1000);
            figures.assertHolds();
            fleet.passed();
        } finally {
            FaultPostgres.ensureRunning();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 4. routing saturated far past the instance timeout, nothing killed

    @Test
    @Order(4)
    void fleet_saturated() throws Exception {
        String unavailable = unavailableBecause(false);
        assumeTrue(unavailable == null, "fleet_saturated skipped: " + unavailable);
        long started = System.currentTimeMillis();
        // one routing thread, each run of the route slowed down: each instance routes fewer events a
        // second than it is sent, so its queue grows and its events wait far longer than the instance timeout
        Map<String, String> slow = Map.of("KURIR_ROUTE_THREADS", "1", "KURIR_INSTANCE_TIMEOUT", Long.toString(TIMEOUT_SATURATED),
                "FLEET_ROUTE_DELAY_MS", Long.toString(P.routeDelay()));
        try (Fleet fleet = new Fleet("fleet_saturated", slow)) {
            fleet.start();
            FaultLoad load = fleet.load("f4-" + started, P.saturatedRate()).start();
            try {
                Thread.sleep(P.saturatedLoad());
            } finally {
                load.stop();
            }
            Figures figures = fleet.finish(load);
            figures.report("route_delay_ms=" + P.routeDelay() + " instance_timeout_ms=" + TIMEOUT_SATURATED
                    + " route_lag_s_max=" + seconds(figures.routeLagMax()) + " events_not_run_once=" + figures.notRunOnce().size()
                    + " " + figures.answers() + " run_s=" + (System.currentTimeMillis() - started) / 1000);
            figures.assertHolds();
            assertTrue(figures.routeLagMax() > 2 * TIMEOUT_SATURATED, "routing lagged at most " + figures.routeLagMax()
                    + " ms, not well past the instance timeout of " + TIMEOUT_SATURATED + " ms: the scenario proved nothing (more load, a longer delay)");
            assertEquals(List.of(), figures.notRunOnce().stream().limit(10).toList(),
                    figures.notRunOnce().size() + " events were not routed exactly once (the first 10, with their runs)");
            fleet.passed();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // 5. a delivery held by an instance that is then killed, retried through the admin API

    @Test
    @Order(5)
    void fleet_admin_retry() throws Exception {
        String unavailable = unavailableBecause(false);
        assumeTrue(unavailable == null, "fleet_admin_retry skipped: " + unavailable);
        long started = System.currentTimeMillis();
        try (Fleet fleet = new Fleet("fleet_admin_retry", Map.of())) {
            fleet.start();
            FaultLoad load = fleet.load("f5-" + started, P.rate()).start();
            String eventId;
            Lease lease;
            long retrySent;
            HttpResponse<String> retry;
            long retriedAt = -1;
            try {
                Thread.sleep(P.warmup());
                // the receiver hangs on the next new delivery: its attempt runs on (lease held) when its instance is killed
                CompletableFuture<String> held = fleet.receiver.holdNextNew();
                eventId = held.get(10, TimeUnit.SECONDS);
                lease = fleet.lease(eventId);
                fleet.kill(lease.owner());
                retrySent = System.currentTimeMillis();
                retry = fleet.balancer.admin("POST", "/api/deliveries/" + lease.deliveryId() + "/retry");
                // the next request for the event after the held one: the retry's attempt, by another instance
                long deadline = retrySent + INSTANCE_TIMEOUT + 20_000;
                while (System.currentTimeMillis() < deadline) {
                    List<Long> arrivals = fleet.receiver.arrivals().getOrDefault(eventId, List.of());
                    if (arrivals.size() >= 2) {
                        retriedAt = arrivals.stream().sorted().toList().get(1);
                        break;
                    }
                    Thread.sleep(20);
                }
                Thread.sleep(P.tail());
            } finally {
                load.stop();
            }
            Figures figures = fleet.finish(load);
            long retryMs = retriedAt < 0 ? -1 : retriedAt - retrySent;
            // when the others saw the killed instance down (its last beat older than the timeout), from the retry
            long ownerDownMs = fleet.lastBeat(lease.owner()) + INSTANCE_TIMEOUT - retrySent;
            figures.report("held_by=" + lease.owner() + " delivery=" + lease.deliveryId() + " retry_answer=" + retry.statusCode()
                    + " retry_s=" + (retryMs < 0 ? "never" : seconds(retryMs)) + " owner_down_after_retry_s=" + seconds(ownerDownMs)
                    + " " + figures.answers()
                    + " run_s=" + (System.currentTimeMillis() - started) / 1000);
            assertEquals(200, retry.statusCode(), "POST /api/deliveries/" + lease.deliveryId() + "/retry answered: " + retry.body());
            assertTrue(retryMs >= 0, "the retried delivery was not attempted again within " + (INSTANCE_TIMEOUT + 20_000) / 1000 + " s");
            assertTrue(retryMs <= RETRY_LIMIT, "the retried delivery was attempted " + retryMs + " ms after the retry, not within a "
                    + RETRY_LIMIT + " ms (poll interval " + POLL_INTERVAL + " ms); the killed " + lease.owner() + " counted as down "
                    + ownerDownMs + " ms after the retry (last beat + instance timeout " + INSTANCE_TIMEOUT + " ms)");
            figures.assertHolds();
            fleet.passed();
        }
    }

    // ---------------------------------------------------------------------------------------------

    record Kill(String instance, long at) {
    }

    record Outage(long from, long to) {
    }

    record Lease(String deliveryId, String owner) {
    }

    record Run(String instance, long at) {
    }

    /** Three instances on one fresh schema, the receiver, HAProxy in front, and what was done to them when. */
    private static final class Fleet implements AutoCloseable {
        private final String scenario;
        private final String schema;
        private final FaultReceiver receiver;
        private final Map<String, FaultJar> jars = new LinkedHashMap<>();
        private final List<Path> directories = new ArrayList<>();
        private final FaultBalancer balancer;
        private final List<Kill> kills = new CopyOnWriteArrayList<>();
        private final List<Outage> outages = new CopyOnWriteArrayList<>();
        private final long deadlocksBefore;
        private String instancesApi = "not asked";
        private boolean passed;

        Fleet(String scenario, Map<String, String> extra) throws Exception {
            this.scenario = scenario;
            this.deadlocksBefore = deadlocks();
            this.schema = FaultPostgres.newSchema();
            this.receiver = new FaultReceiver(HANG);
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String id : IDS) {
                Path directory = workingDirectory();
                directories.add(directory);
                Map<String, String> env = environment(receiver, schema, id);
                env.putAll(extra);
                FaultJar jar = new FaultJar(scenario + "-" + id, directory, env);
                jars.put(id, jar);
                ports.put(id, jar.port());
            }
            this.balancer = new FaultBalancer(scenario, ports);
        }

        /** The project's working directory, with the counting route and its table. */
        private static Path workingDirectory() throws IOException {
            Path directory = RunningJar.newWorkingDirectory();
            copyResource("/fleet/biteship.yaml", directory.resolve("routes/biteship.camel.yaml"));
            copyResource("/fleet/V900__route_runs.sql", directory.resolve("routes/migrations/V900__route_runs.sql"));
            return directory;
        }

        private static void copyResource(String resource, Path target) throws IOException {
            try (InputStream in = FleetIT.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is not on the test classpath");
                }
                Files.createDirectories(target.getParent());
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        /** All three at once (they migrate the one schema concurrently, as a fleet deployed together does), then the balancer. */
        void start() throws Exception {
            ExecutorService starting = Executors.newFixedThreadPool(jars.size());
            try {
                List<Future<FaultJar>> started = new ArrayList<>();
                for (FaultJar jar : jars.values()) {
                    started.add(starting.submit(jar::start));
                }
                for (Future<FaultJar> jar : started) {
                    jar.get(120, TimeUnit.SECONDS);
                }
            } finally {
                starting.shutdownNow();
            }
            balancer.start();
            balancer.awaitAllUp(Duration.ofSeconds(20));
        }

        FaultLoad load(String run, int rate) {
            return new FaultLoad(balancer.uri("/hooks/biteship"), rate, P.threads(), run);
        }

        void kill(String id) throws InterruptedException {
            kills.add(new Kill(id, System.currentTimeMillis()));
            jars.get(id).kill9();
        }

        void restart(String id) throws Exception {
            jars.get(id).start();
        }

        void outage(long from, long to) {
            outages.add(new Outage(from, to));
        }

        /** Which instance holds the lease of the event's delivery (its attempt is running), once the store says. */
        Lease lease(String eventId) throws Exception {
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                try (Connection c = connect(); PreparedStatement s = c.prepareStatement(
                        "SELECT id, lease_owner FROM deliveries WHERE event_id = ? AND destination = 'shop-backend'")) {
                    s.setString(1, eventId);
                    try (ResultSet rs = s.executeQuery()) {
                        if (rs.next() && rs.getString(2) != null) {
                            return new Lease(rs.getString(1), rs.getString(2));
                        }
                    }
                }
                Thread.sleep(20);
            }
            throw new AssertionError("the delivery of " + eventId + " had no lease holder in the store within 10 s");
        }

        /** The instance's last heartbeat in the store (epoch ms). */
        long lastBeat(String id) throws SQLException {
            try (Connection c = connect(); PreparedStatement s = c.prepareStatement("SELECT last_beat FROM instances WHERE id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : -1;
                }
            }
        }

        private Connection connect() throws SQLException {
            return DriverManager.getConnection(FaultPostgres.jdbcUrl(schema), FaultPostgres.USER, "");
        }

        /**
         * After the load: waits for the receiver to have every acked event, and for the store to have
         * routed every event; asks the instances API (for the log), stops the instances (their
         * connections closed, PostgreSQL counts their deadlocks), and reads the figures.
         */
        Figures finish(FaultLoad load) throws Exception {
            Set<String> acked = load.acked();
            long start = System.currentTimeMillis();
            Set<String> missing = receiver.awaitDelivered(acked, P.drain(), STALL,
                    () -> jars.values().stream().anyMatch(FaultJar::isAlive));
            long drainMs = System.currentTimeMillis() - start;
            // events stored but not acked (killed mid-answer) are routed too; a bounded wait for the last of them
            long routedBy = System.currentTimeMillis() + 20_000;
            while (count("events WHERE status <> 'routed'") > 0 && System.currentTimeMillis() < routedBy) {
                Thread.sleep(250);
            }
            // an attempt that reached the receiver just before a kill, unrecorded, is attempted again only after the
            // takeover: the receiver has every event before the store has settled, so wait for the store too
            long settledBy = System.currentTimeMillis() + INSTANCE_TIMEOUT + 20_000;
            while (count("deliveries WHERE status IN ('pending', 'retrying')") > 0 && System.currentTimeMillis() < settledBy) {
                Thread.sleep(250);
            }
            load.writeCsv(FaultJar.LOGS.resolve(scenario + "-answers.csv"));
            try {
                HttpResponse<String> instances = balancer.admin("GET", "/api/instances");
                instancesApi = instances.statusCode() + " " + instances.body();
            } catch (Exception e) {
                instancesApi = e.toString();
            }
            Map<String, String> states = balancer.states();
            for (FaultJar jar : jars.values()) {
                jar.close();
            }
            // a backend reports its deadlocks to the statistics when its connection ends, or within a second of being idle
            Thread.sleep(1_500);
            long deadlocks = deadlocks() - deadlocksBefore;
            try (Connection c = connect()) {
                return new Figures(this, load, acked, Set.copyOf(missing), drainMs, deadlocks, states, c);
            }
        }

        /** Rows of `SELECT COUNT(*) FROM` this. */
        private long count(String fromWhere) throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + fromWhere)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        void passed() {
            passed = true;
        }

        @Override
        public void close() throws Exception {
            balancer.close();
            for (FaultJar jar : jars.values()) {
                jar.close();
            }
            receiver.close();
            if (passed) {
                directories.forEach(FleetIT::deleteRecursively);
                FaultPostgres.dropSchema(schema);
            } else {
                System.out.println(scenario + ": kept the working directories " + directories + " and the PostgreSQL schema " + schema);
                System.out.println(scenario + ": GET /api/instances through the balancer: " + instancesApi);
            }
        }
    }

    /** `SELECT deadlocks FROM pg_stat_database` of the database `test`: a count over every client of it, this scenario's among them. */
    private static long deadlocks() throws SQLException {
        try (Connection c = DriverManager.getConnection(FaultPostgres.URL, FaultPostgres.USER, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT deadlocks FROM pg_stat_database WHERE datname = 'test'")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /** What a scenario did, from the receiver, the answers and the store. */
    private static final class Figures {
        private final Fleet fleet;
        private final List<FaultLoad.Answer> answers;
        private final Set<String> acked;
        private final Set<String> lost;
        private final long drainMs;
        private final long deadlocks;
        private final Map<String, String> balancerStates;
        private final long duplicates;
        private final Map<String, Long> delivered = new TreeMap<>();
        private final Map<String, List<Run>> runs = new HashMap<>();
        private final List<String> routedTwice = new ArrayList<>();
        private final List<String> notRunOnce = new ArrayList<>();
        private long reroutedAfterKill;
        private long reroutedAfterOutage;
        private long takeoverMs = -1;
        private long orphaned;
        private long notTakenOver;
        private long routeLagMax;
        private long events;
        private long unrouted;
        private String lostInStore = "";

        Figures(Fleet fleet, FaultLoad load, Set<String> acked, Set<String> lost, long drainMs, long deadlocks,
                Map<String, String> balancerStates, Connection c) throws SQLException {
            this.fleet = fleet;
            this.answers = load.answers();
            this.acked = acked;
            this.lost = lost;
            this.drainMs = drainMs;
            this.deadlocks = deadlocks;
            this.balancerStates = balancerStates;
            this.duplicates = fleet.receiver.arrivals().values().stream().mapToLong(t -> t.size() - 1L).sum();
            read(c);
        }

        private void read(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT instance, COUNT(*) FROM attempts WHERE succeeded GROUP BY instance")) {
                    while (rs.next()) {
                        delivered.put(String.valueOf(rs.getString(1)), rs.getLong(2));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT event_id, instance, at FROM route_runs")) {
                    while (rs.next()) {
                        runs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Run(rs.getString(2), rs.getLong(3)));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT id, received_at, status FROM events WHERE source = 'biteship'")) {
                    while (rs.next()) {
                        events++;
                        String id = rs.getString(1);
                        long receivedAt = rs.getLong(2);
                        if (!"routed".equals(rs.getString(3))) {
                            unrouted++;
                        }
                        List<Run> of = runs.getOrDefault(id, List.of());
                        if (of.size() != 1) {
                            notRunOnce.add(id + " " + of);
                        }
                        // how long the event waited for its (first) run of the route
                        of.stream().mapToLong(Run::at).min().ifPresent(first -> routeLagMax = Math.max(routeLagMax, first - receivedAt));
                    }
                }
            }
            classifyRepeats();
            for (Kill kill : fleet.kills) {
                takeover(c, kill);
            }
            if (!lost.isEmpty()) {
                lostInStore = lostInStore(c);
            }
        }

        /**
         * An event run more than once is legitimately run again only where the run before was on an
         * instance killed within {@link #CRASH_WINDOW} after it (at-least-once on a crash: its outcome may
         * never have been recorded), or on an instance whose store went away then (the outcome could not
         * be recorded). Any other repeat is routed_twice.
         */
        private void classifyRepeats() {
            for (Map.Entry<String, List<Run>> event : runs.entrySet()) {
                List<Run> of = event.getValue().stream().sorted(Comparator.comparingLong(Run::at)).toList();
                if (of.size() < 2) {
                    continue;
                }
                boolean afterKill = false;
                boolean afterOutage = false;
                boolean illegitimate = false;
                for (int i = 1; i < of.size(); i++) {
                    Run before = of.get(i - 1);
                    if (fleet.kills.stream().anyMatch(k -> k.instance().equals(before.instance()) && k.at() >= before.at()
                            && k.at() - before.at() <= CRASH_WINDOW)) {
                        afterKill = true;
                    } else if (fleet.outages.stream().anyMatch(o -> before.at() >= o.from() - CRASH_WINDOW && before.at() <= o.to())) {
                        afterOutage = true;
                    } else {
                        illegitimate = true;
                    }
                }
                if (illegitimate) {
                    routedTwice.add(event.getKey() + " " + of);
                } else if (afterKill) {
                    reroutedAfterKill++;
                } else if (afterOutage) {
                    reroutedAfterOutage++;
                }
            }
        }

        /**
         * The killed instance's events (events.stored_by) not yet delivered at the kill: from the kill to
         * the first attempt of each after it (by another instance, or by the same id started again), the
         * longest.
         */
        private void takeover(Connection c, Kill kill) throws SQLException {
            String sql = "SELECT e.id, (SELECT MIN(a.started_at) FROM deliveries d JOIN attempts a ON a.delivery_id = d.id "
                    + "WHERE d.event_id = e.id AND a.started_at >= ?) FROM events e WHERE e.stored_by = ? AND e.received_at < ? "
                    + "AND NOT EXISTS (SELECT 1 FROM deliveries d JOIN attempts a ON a.delivery_id = d.id "
                    + "WHERE d.event_id = e.id AND a.succeeded AND a.started_at < ?)";
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, kill.at());
                s.setString(2, kill.instance());
                s.setLong(3, kill.at());
                s.setLong(4, kill.at());
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        orphaned++;
                        long first = rs.getLong(2);
                        if (rs.wasNull()) {
                            notTakenOver++;
                        } else {
                            takeoverMs = Math.max(takeoverMs, first - kill.at());
                        }
                    }
                }
            }
            // none left undelivered at the kill: taken over at once, trivially
            takeoverMs = Math.max(takeoverMs, 0);
        }

        /** Where the store has the lost events: their routing and delivery states, counted. */
        private String lostInStore(Connection c) throws SQLException {
            Map<String, Integer> states = new TreeMap<>();
            Set<String> found = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT e.id, e.status, e.stored_by, e.route_owner, d.status, d.lease_owner, "
                    + "d.attempts FROM events e LEFT JOIN deliveries d ON d.event_id = e.id AND d.destination = 'shop-backend' "
                    + "WHERE e.id = ANY (?)")) {
                s.setArray(1, c.createArrayOf("varchar", lost.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                        String state = "event " + rs.getString(2) + " stored_by " + rs.getString(3) + " route_owner " + rs.getString(4)
                                + (rs.getString(5) == null ? ", no delivery" : ", delivery " + rs.getString(5) + " leased by "
                                + rs.getString(6) + " after " + rs.getInt(7) + " attempts");
                        states.merge(state, 1, Integer::sum);
                    }
                }
            }
            if (found.size() < lost.size()) {
                states.put("not in the store", lost.size() - found.size());
            }
            return states.toString();
        }

        long routeLagMax() {
            return routeLagMax;
        }

        List<String> notRunOnce() {
            return notRunOnce;
        }

        String answers() {
            return "sent=" + answers.size() + " no_answer=" + count(a -> a.status() == -1)
                    + " other_answers=" + statuses(a -> a.status() > 0 && a.status() != 200)
                    + " events=" + events + " unrouted=" + unrouted + " drain_ms=" + drainMs;
        }

        private long count(Predicate<FaultLoad.Answer> which) {
            return answers.stream().filter(which).count();
        }

        /** e.g. `502x3,503x12`, or `none`. */
        private String statuses(Predicate<FaultLoad.Answer> which) {
            Map<Integer, Long> counts = answers.stream().filter(which)
                    .collect(Collectors.groupingBy(FaultLoad.Answer::status, TreeMap::new, Collectors.counting()));
            return counts.isEmpty() ? "none" : counts.entrySet().stream().map(e -> e.getKey() + "x" + e.getValue()).collect(Collectors.joining(","));
        }

        void report(String extra) throws IOException {
            String line = "scenario=" + fleet.scenario + " profile=" + P.name() + " acked=" + acked.size()
                    + " delivered=" + (acked.size() - lost.size()) + " lost=" + lost.size() + " duplicates_at_receiver=" + duplicates
                    + " routed_twice=" + routedTwice.size()
                    + " takeover_s=" + (fleet.kills.isEmpty() ? "-" : seconds(takeoverMs)) + " deadlocks=" + deadlocks
                    + " per_instance=" + IDS.stream().map(id -> Long.toString(delivered.getOrDefault(id, 0L))).collect(Collectors.joining("/"))
                    + (fleet.kills.isEmpty() ? "" : " orphaned_at_kill=" + orphaned + " rerouted_after_kill=" + reroutedAfterKill)
                    + (fleet.outages.isEmpty() ? "" : " rerouted_after_outage=" + reroutedAfterOutage)
                    + " " + extra + (lost.isEmpty() ? "" : " lost_in_store=" + lostInStore.replace(' ', '_'));
            System.out.println(line);
            Files.createDirectories(SUMMARY.getParent());
            Files.writeString(SUMMARY, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        /** lost=0, routed_twice=0, deadlocks=0, the takeover in time; with what the logs say when not. */
        void assertHolds() {
            List<String> failures = new ArrayList<>();
            if (!lost.isEmpty()) {
                failures.add(lost.size() + " acknowledged events never reached the receiver; in the store: " + lostInStore
                        + "; e.g. " + lost.stream().sorted().limit(5).toList());
            }
            if (!routedTwice.isEmpty()) {
                failures.add(routedTwice.size() + " events were routed more than once, not after a crash (event [runs]): "
                        + routedTwice.stream().limit(5).toList() + "; kills " + fleet.kills + ", outages " + fleet.outages);
            }
            if (deadlocks != 0) {
                failures.add("PostgreSQL counted " + deadlocks + " deadlocks in database test during the scenario");
            }
            if (!fleet.kills.isEmpty() && notTakenOver > 0) {
                failures.add(notTakenOver + " of the " + orphaned + " events the killed instance left undelivered were never attempted after the kill");
            }
            if (!fleet.kills.isEmpty() && takeoverMs > P.takeoverLimit()) {
                failures.add("the killed instance's events were first attempted up to " + takeoverMs + " ms after the kill, over "
                        + P.takeoverLimit() + " ms (instance timeout " + INSTANCE_TIMEOUT + " ms)");
            }
            if (failures.isEmpty()) {
                return;
            }
            StringBuilder why = new StringBuilder(fleet.scenario + ": " + String.join("\n  ", failures));
            why.append("\n  haproxy: ").append(balancerStates).append(" (log ").append(fleet.balancer.log()).append(')');
            why.append("\n  GET /api/instances: ").append(fleet.instancesApi);
            for (FaultJar jar : fleet.jars.values()) {
                jar.logLines(2_000, " WARN ", " ERROR ", "deadlock").stream().filter(l -> !l.contains("Sources - ")).limit(8)
                        .forEach(l -> why.append("\n    ").append(l));
            }
            throw new AssertionError(why.toString());
        }
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind
        }
    }
}
