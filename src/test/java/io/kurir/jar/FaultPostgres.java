package io.kurir.jar;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The PostgreSQL on 127.0.0.1:5432 (database `test`, user `postgres`) that the fault scenarios run
 * the gateway on: a fresh schema per scenario, stopped and started with Debian's pg_ctlcluster, and
 * a second connection that can lock the gateway's tables.
 */
final class FaultPostgres {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String USER = "postgres";

    private FaultPostgres() {
    }

    /** Why the PostgreSQL scenarios cannot run here, or null when they can. */
    static String unavailableBecause(boolean needsPgCtl) {
        if (needsPgCtl) {
            if (which("pg_ctlcluster") == null) {
                return "pg_ctlcluster is not on the PATH (Debian's postgresql-common): cannot stop and start PostgreSQL";
            }
            if (version() == null) {
                return "no cluster under /etc/postgresql";
            }
            if (which("pg_isready") == null) {
                return "pg_isready is not on the PATH";
            }
        }
        try (Connection c = DriverManager.getConnection(URL, USER, "")) {
            return null;
        } catch (SQLException e) {
            return "PostgreSQL at " + URL + " (user " + USER + ") cannot be reached: " + e.getMessage();
        }
    }

    private static String which(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return Path.of(dir, command).toString();
            }
        }
        return Files.isExecutable(Path.of("/usr/bin", command)) ? "/usr/bin/" + command : null;
    }

    /** The installed major version, as `ls /etc/postgresql` names it. */
    static String version() {
        Path etc = Path.of("/etc/postgresql");
        if (!Files.isDirectory(etc)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(etc)) {
            return versions.map(p -> p.getFileName().toString()).sorted().findFirst().orElse(null);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    static String newSchema() throws SQLException {
        String schema = "kurir_faults_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return schema;
    }

    static void dropSchema(String schema) {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            System.err.println("could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    /** The `order_id` of every Biteship event stored in the schema: which of the load's requests were stored. */
    static Set<String> storedOrderIds(String schema) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT convert_from(body, 'UTF8')::jsonb ->> 'order_id' FROM " + schema
                     + ".events WHERE source = 'biteship'")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    static String jdbcUrl(String schema) {
        return URL + "?currentSchema=" + schema;
    }

    /** `pg_ctlcluster --skip-systemctl-redirect <version> main stop -m fast`. */
    static void stop() throws Exception {
        pgCtl("stop", "-m", "fast");
    }

    /** `pg_ctlcluster … start`, then waits for `pg_isready -h 127.0.0.1`. */
    static void start() throws Exception {
        pgCtl("start");
        awaitReady(60);
    }

    static boolean isReady() {
        try {
            return run(List.of("pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"), 10).exit() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Starts PostgreSQL if it is not accepting connections: for finally blocks. */
    static void ensureRunning() {
        if (isReady()) {
            return;
        }
        try {
            start();
        } catch (Exception e) {
            System.err.println("could not start PostgreSQL again: " + e.getMessage());
        }
    }

    static void awaitReady(int seconds) throws Exception {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            if (isReady()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("PostgreSQL did not accept connections within " + seconds + " s");
    }

    private static void pgCtl(String... action) throws Exception {
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version(), "main"));
        command.addAll(List.of(action));
        Result result = run(command, 60);
        // start on a running cluster, stop on a stopped one: exit 2, and nothing to do
        if (result.exit() != 0 && !(result.output().contains("already running") || result.output().contains("is not running"))) {
            throw new AssertionError(String.join(" ", command) + " exited with " + result.exit() + ": " + result.output());
        }
    }

    record Result(int exit, String output) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    /**
     * A connection holding `LOCK TABLE <schema>.events IN ACCESS EXCLUSIVE MODE` in an open
     * transaction: nothing can write or read events until it is closed.
     */
    static Connection lockEvents(String schema) throws SQLException {
        Connection c = DriverManager.getConnection(URL, USER, "");
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET lock_timeout = '10s'");
            s.execute("LOCK TABLE " + schema + ".events IN ACCESS EXCLUSIVE MODE");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }
}
