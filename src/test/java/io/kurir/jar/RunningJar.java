package io.kurir.jar;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The packaged jar started as ops start it: `java -jar target/kurir.jar` in a working directory. */
final class RunningJar implements AutoCloseable {

    static final String ADMIN_TOKEN = "jar-admin-token";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private RunningJar(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** A fresh working directory holding the project's application.properties and routes/, as a newcomer has. */
    static Path newWorkingDirectory() throws IOException {
        Path dir = Files.createTempDirectory("kurir-jar");
        Files.copy(Path.of("application.properties"), dir.resolve("application.properties"));
        Path routes = Path.of("routes");
        try (Stream<Path> files = Files.walk(routes)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = dir.resolve(routes.relativize(source).toString().isEmpty() ? "routes" : "routes/" + routes.relativize(source));
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    static RunningJar start(Path workingDirectory, Map<String, String> environment) throws Exception {
        int port = freePort();
        Path jar = Path.of("target", "kurir.jar").toAbsolutePath();
        Path log = Files.createTempFile(Path.of("target"), "kurir-jar-", ".log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of("java", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the build's own KURIR_* settings (a PostgreSQL URL, say) must not leak into the jar under test
        builder.environment().keySet().removeIf(name -> name.startsWith("KURIR_"));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("KURIR_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().putAll(environment);
        RunningJar running = new RunningJar(builder.start(), port, log);
        running.awaitReady();
        return running;
    }

    /** Health is UP and a real route answers: the server listens a little before routes have started. */
    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the jar exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (get("/observe/health").statusCode() == 200
                        && post("/hooks/not-a-source", "application/json", "{}".getBytes()).statusCode() == 404) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the jar did not get ready in 40 s; see " + log);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> api(String path) throws IOException, InterruptedException {
        return get(path, "Authorization", "Bearer " + ADMIN_TOKEN);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** SIGKILL: no shutdown hook, no flush, nothing but what was already written. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM, as ops stop it; waits for the exit and gives its code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("the jar did not stop within 30 s of SIGTERM; see " + log);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill9();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
