package io.kurir.jar;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar for the fault scenarios: started as ops start it (`java -jar kurir.jar` with
 * bin/kurir's JVM options, in a working directory holding application.properties and routes/), on one port that stays the same
 * across restarts so the load keeps aiming at it, killed with SIGKILL and started again on the same
 * directory. Each start logs to its own file under target/faults/.
 *
 * The jar is run from a copy taken once per test run, so a rebuild of target/kurir.jar by someone
 * else meanwhile cannot swap the program under a scenario between two restarts.
 */
final class FaultJar implements AutoCloseable {

    static final Path LOGS = Path.of("target", "faults").toAbsolutePath();

    private static Path jarCopy;
    private static List<String> launcherOptions;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path directory;
    private final Map<String, String> environment;
    private final int port;
    private final List<Path> logs = new ArrayList<>();
    private Process process;

    FaultJar(String name, Path directory, Map<String, String> environment) throws IOException {
        this.name = name;
        this.directory = directory;
        this.environment = new LinkedHashMap<>(environment);
        this.port = RunningJar.freePort();
    }

    private static synchronized Path jar() throws IOException {
        if (jarCopy == null) {
            Path built = Path.of("target", "kurir.jar").toAbsolutePath();
            if (!Files.isRegularFile(built)) {
                throw new IllegalStateException(built + " is missing: the fault scenarios run in the package phase, after shade");
            }
            Path copy = Files.createTempDirectory("kurir-faults-jar").resolve("kurir.jar");
            Files.copy(built, copy, StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            jarCopy = copy;
        }
        return jarCopy;
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    List<Path> logs() {
        return logs;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** bin/kurir's JVM options: the heap, the compiler, and the thread priorities that put answering webhooks first. */
    private static synchronized List<String> launcherOptions() throws IOException, InterruptedException {
        if (launcherOptions == null) {
            Process launcher = new ProcessBuilder("sh", "bin/kurir", "--java-options").redirectErrorStream(true).start();
            String options = new String(launcher.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (launcher.waitFor() != 0 || options.isEmpty()) {
                throw new IllegalStateException("bin/kurir --java-options failed: " + options);
            }
            launcherOptions = List.of(options.split("\\s+"));
        }
        return launcherOptions;
    }

    /** Starts the jar (again) on the same directory and port; returns once it takes webhooks. */
    FaultJar start() throws Exception {
        if (isAlive()) {
            throw new IllegalStateException("already running");
        }
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve(name + "-" + (logs.size() + 1) + ".log");
        Files.deleteIfExists(log);
        logs.add(log);
        process = RunningJar.launch(launcherOptions(), jar(), directory, port, environment, log);
        RunningJar.awaitReady(process, log, Duration.ofSeconds(60), this::send);
        return this;
    }

    private HttpResponse<String> send(String method, String path, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET on the admin API. */
    HttpResponse<String> api(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + RunningJar.ADMIN_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: no shutdown hook, no flush, nothing but what was already written. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }

    /** The lines of this jar's logs (every start) that contain any of the given texts, at most `max`. */
    List<String> logLines(int max, String... containing) {
        List<String> found = new ArrayList<>();
        for (Path log : logs) {
            try {
                for (String line : Files.readAllLines(log)) {
                    for (String text : containing) {
                        if (line.contains(text)) {
                            if (found.size() < max) {
                                found.add(log.getFileName() + ": " + line);
                            }
                            break;
                        }
                    }
                }
            } catch (IOException unreadable) {
                found.add(log + ": " + unreadable);
            }
        }
        return found;
    }
}
