package io.kurir.jar;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian's `haproxy`) on 127.0.0.1 in front of the fleet, as ops would put one:
 * round robin over the instances, each checked with `GET /observe/health` every 500 ms (two failed
 * checks take it out, two good ones put it back), a request whose connection is refused sent to
 * another instance. Its configuration and log (the abnormal requests and the servers going DOWN
 * and UP) are under target/faults/.
 */
final class FaultBalancer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final Path config;
    private final Path log;
    private final int port;
    private final int statsPort;
    private final Map<String, Integer> servers;
    private Process process;

    /** `servers`: the instances' ids and ports. */
    FaultBalancer(String name, Map<String, Integer> servers) throws IOException {
        this.servers = new LinkedHashMap<>(servers);
        this.port = RunningJar.freePort();
        this.statsPort = RunningJar.freePort();
        Files.createDirectories(FaultJar.LOGS);
        this.config = FaultJar.LOGS.resolve(name + "-haproxy.cfg");
        this.log = FaultJar.LOGS.resolve(name + "-haproxy.log");
    }

    /** Why HAProxy cannot be run here, or null when it can. */
    static String unavailableBecause() {
        return executable() == null ? "haproxy is not installed (Debian: apt-get install -y haproxy)" : null;
    }

    private static String executable() {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        // root's PATH has sbin, a user's may not
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin"));
        for (String dir : dirs) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "haproxy"))) {
                return Path.of(dir, "haproxy").toString();
            }
        }
        return null;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private String configuration() {
        StringBuilder cfg = new StringBuilder("""
                global
                    maxconn 2000
                    log stdout format raw local0 info

                defaults
                    mode http
                    log global
                    option httplog
                    # only what went wrong: errors, retries, redispatches (a normal request is not logged)
                    option dontlog-normal
                    timeout connect 1s
                    timeout client 40s
                    timeout server 40s
                    timeout http-request 10s
                    # a refused connection (a killed instance not yet marked down) is tried on another instance
                    retries 3
                    option redispatch 1

                frontend hooks
                    bind 127.0.0.1:%d
                    default_backend kurir

                backend kurir
                    balance roundrobin
                    option httpchk
                    http-check send meth GET uri /observe/health
                    default-server inter 500 fall 2 rise 2
                """.formatted(port));
        servers.forEach((id, serverPort) -> cfg.append("    server ").append(id).append(" 127.0.0.1:").append(serverPort).append(" check\n"));
        cfg.append("""

                listen stats
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                """.formatted(statsPort));
        return cfg.toString();
    }

    /** Writes the configuration, checks it, starts HAProxy in the foreground; returns once it listens. */
    FaultBalancer start() throws Exception {
        Files.writeString(config, configuration());
        Process check = new ProcessBuilder(executable(), "-c", "-f", config.toString()).redirectErrorStream(true).start();
        String checked = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
            throw new AssertionError("haproxy -c rejected " + config + ": " + checked);
        }
        process = new ProcessBuilder(executable(), "-db", "-f", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("haproxy exited with " + process.exitValue() + "; see " + log);
            }
            try {
                stats();
                return this;
            } catch (IOException notYet) {
                if (System.currentTimeMillis() > deadline) {
                    throw new AssertionError("haproxy did not listen within 10 s; see " + log, notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Each server's state as HAProxy's health checks see it (UP, DOWN, …), from its stats page. */
    Map<String, String> states() throws IOException, InterruptedException {
        String csv = stats();
        String[] lines = csv.split("\n");
        List<String> header = List.of(lines[0].replaceFirst("^# ", "").split(","));
        int name = header.indexOf("svname");
        int status = header.indexOf("status");
        Map<String, String> states = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].split(",", -1);
            if (fields.length > status && servers.containsKey(fields[name])) {
                states.put(fields[name], fields[status]);
            }
        }
        return states;
    }

    private String stats() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("haproxy stats answered " + response.statusCode());
        }
        return response.body();
    }

    /** Waits until HAProxy's checks see every server UP: until then the load would not be spread over all of them. */
    void awaitAllUp(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        Map<String, String> states = Map.of();
        while (System.nanoTime() < deadline) {
            states = states();
            if (states.size() == servers.size() && states.values().stream().allMatch(s -> s.startsWith("UP"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("haproxy did not see every instance up within " + limit.toSeconds() + " s: " + states + "; see " + log);
    }

    /** A request through the balancer with the admin token. */
    HttpResponse<String> admin(String method, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + RunningJar.ADMIN_TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}
