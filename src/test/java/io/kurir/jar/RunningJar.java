package io.kurir.jar;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
    private final HttpClient client;
    private final String scheme;

    private RunningJar(Process process, int port, Path log, HttpClient client, String scheme) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.client = client;
        this.scheme = scheme;
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
        return start(workingDirectory, environment, HTTP, "http");
    }

    /** A jar that serves HTTPS (set up by `environment` or the directory's properties), spoken to with `tls`. */
    static RunningJar startTls(Path workingDirectory, Map<String, String> environment, HttpClient tls) throws Exception {
        return start(workingDirectory, environment, tls, "https");
    }

    private static RunningJar start(Path workingDirectory, Map<String, String> environment, HttpClient client, String scheme)
            throws Exception {
        int port = freePort();
        Path log = Files.createTempFile(Path.of("target"), "kurir-jar-", ".log").toAbsolutePath();
        Process process = launch(List.of(), Path.of("target", "kurir.jar").toAbsolutePath(), workingDirectory, port, environment, log);
        RunningJar running = new RunningJar(process, port, log, client, scheme);
        try {
            awaitReady(process, log, Duration.ofSeconds(40), running::request);
        } catch (Throwable notReady) {
            running.close();
            throw notReady;
        }
        return running;
    }

    /**
     * `java <options> -jar <jar>` in a working directory, on a port, logging to a file: with none of the
     * build's own settings (a PostgreSQL URL, a timeout, JVM options), only `environment`.
     */
    static Process launch(List<String> javaOptions, Path jar, Path workingDirectory, int port, Map<String, String> environment,
                          Path log) throws IOException {
        return launch(javaOptions, jar, List.of(), workingDirectory, port, environment, log);
    }

    private static Process launch(List<String> javaOptions, Path jar, List<String> arguments, Path workingDirectory, int port,
                                  Map<String, String> environment, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("java"));
        command.addAll(javaOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("KURIR_") || name.startsWith("CAMEL_")
                || name.equals("JAVA_TOOL_OPTIONS"));
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("KURIR_ADMIN_TOKEN", ADMIN_TOKEN);
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** How a run of the jar ended: its exit code and what it logged. */
    record Exit(int code, List<String> lines) {

        /** The lines at ERROR: a failed start must say why in exactly one. */
        List<String> errors() {
            return lines.stream().filter(line -> line.contains(" ERROR ")).toList();
        }

        /** A stack trace's lines (`\tat …`, `Caused by: …`), which an operator should not have to read. */
        List<String> stackTraces() {
            return lines.stream().filter(line -> line.startsWith("\tat ") || line.startsWith("Caused by: ")).toList();
        }
    }

    /** `java -jar target/kurir.jar <arguments>` on a port, until it exits by itself (within a minute). */
    static Exit runToExit(Path workingDirectory, int port, Map<String, String> environment, String... arguments) throws Exception {
        Path log = Files.createTempFile(Path.of("target"), "kurir-jar-", ".log").toAbsolutePath();
        Process process = launch(List.of(), Path.of("target", "kurir.jar").toAbsolutePath(), List.of(arguments), workingDirectory, port,
                environment, log);
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the jar did not exit within 60 s; see " + log);
        }
        return new Exit(process.exitValue(), Files.readAllLines(log));
    }

    /** What the jar has logged so far. */
    List<String> logLines() throws IOException {
        return Files.readAllLines(log);
    }

    /** Sends a request to a running jar. */
    @FunctionalInterface
    interface Requests {
        HttpResponse<String> send(String method, String path, byte[] body, String... headers) throws IOException, InterruptedException;
    }

    /** Until health is UP and a real route answers: the server listens a little before the routes have started. */
    static void awaitReady(Process process, Path log, Duration limit, Requests requests) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the jar exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (requests.send("GET", "/observe/health", null).statusCode() == 200
                        && requests.send("POST", "/hooks/not-a-source", "{}".getBytes(StandardCharsets.UTF_8),
                                "Content-Type", "application/json").statusCode() == 404) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the jar did not get ready in " + limit.toSeconds() + " s; see " + log);
    }

    /** A request in the jar's own scheme: HTTPS for a jar started by {@link #startTls}. */
    HttpResponse<String> request(String method, String path, byte[] body, String... headers) throws IOException, InterruptedException {
        return send(client, scheme, method, path, body, headers);
    }

    /** A request in plain HTTP, whatever the jar serves. */
    HttpResponse<String> plain(String method, String path, byte[] body, String... headers) throws IOException, InterruptedException {
        return send(HTTP, "http", method, path, body, headers);
    }

    private HttpResponse<String> send(HttpClient with, String over, String method, String path, byte[] body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(over + "://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return with.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return request("GET", path, null, headers);
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("Content-Type", contentType));
        all.addAll(List.of(headers));
        return request("POST", path, body, all.toArray(String[]::new));
    }

    /** A Sendcloud parcel_status_changed webhook signed with the shipped secret: `Delivered` is routed to shop-backend. */
    HttpResponse<String> postParcel(String parcelId, String status) throws IOException, InterruptedException {
        byte[] body = ("{\"action\":\"parcel_status_changed\",\"parcel\":{\"id\":\"" + parcelId + "\",\"status\":{\"id\":11,"
                + "\"message\":\"" + status + "\"}}}").getBytes(StandardCharsets.UTF_8);
        return post("/hooks/sendcloud", "application/json", body, "Sendcloud-Signature", io.kurir.support.Signing.sendcloud(body));
    }

    HttpResponse<String> api(String path) throws IOException, InterruptedException {
        return get(path, "Authorization", "Bearer " + ADMIN_TOKEN);
    }

    int port() {
        return port;
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

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
