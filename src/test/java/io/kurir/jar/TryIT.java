package io.kurir.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `bin/kurir try <source> <file>` against the packaged jar, run as the README says. */
class TryIT {

    private static Path directory;
    private static RunningJar jar;

    @BeforeAll
    static void start() throws Exception {
        directory = RunningJar.newWorkingDirectory();
        jar = RunningJar.start(directory, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        jar.close();
    }

    private record Run(int code, String out, String err) {
        JsonNode json() {
            return Gateway.json(out);
        }
    }

    /** bin/kurir try with the jar's port and admin token in the environment, as an operator's shell has them. */
    private static Run kurirTry(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("sh", Path.of("bin", "kurir").toAbsolutePath().toString(), "try"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("KURIR_"));
        builder.environment().put("PORT", Integer.toString(jar.port()));
        builder.environment().put("KURIR_ADMIN_TOKEN", RunningJar.ADMIN_TOKEN);
        Path out = Files.createTempFile(Path.of("target"), "kurir-try-", ".out");
        Path err = Files.createTempFile(Path.of("target"), "kurir-try-", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("bin/kurir try did not end within 30 s");
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path file(String name, String content) throws IOException {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void printsTheBiteshipRoutesDestinationsForAFile() throws Exception {
        Path sample = file("delivered.json", "{\"event\":\"order.status\",\"order_id\":\"ORD-IT-1\",\"status\":\"delivered\"}");

        Run run = kurirTry("biteship", sample.toString());

        assertEquals(0, run.code(), run.err() + run.out());
        assertEquals("order.status", run.json().get("eventType").asText());
        assertEquals("[\"shipment-db\",\"ops-telegram\",\"customer-mail\"]", run.json().get("destinations").toString());
    }

    @Test
    void passesTheQueryAndTheContentType() throws Exception {
        Path lead = file("lead.form", "name=Sari&phone=0812345678");

        Run run = kurirTry("leads", lead.toString(), "--query", "campaign_name=Expo&token=x", "--header", "X-Campaign: \"quoted\"");

        assertEquals(0, run.code(), run.err() + run.out());
        assertEquals("form.submitted", run.json().get("eventType").asText());
        assertEquals("{\"campaign_name\":\"Expo\"}", run.json().get("labels").toString());
        assertTrue(run.json().get("destinations").toString().contains("lead-whatsapp"), run.out());
    }

    @Test
    void exitsWithTheErrorForABodyThatDoesNotParse() throws Exception {
        Run run = kurirTry("biteship", file("broken.json", "{\"event\": ").toString());

        assertEquals(1, run.code(), run.out());
        assertEquals("malformed_body", run.json().get("error").asText());
    }

    @Test
    void storesNothing() throws Exception {
        kurirTry("biteship", file("returned.json", "{\"event\":\"order.status\",\"order_id\":\"ORD-IT-2\",\"status\":\"returned\"}").toString());
        kurirTry("biteship", file("bad.json", "{").toString());

        assertEquals(0, Gateway.json(jar.api("/api/events").body()).get("events").size());
        assertEquals(0, Gateway.json(jar.api("/api/deliveries").body()).get("deliveries").size());
        for (JsonNode source : Gateway.json(jar.api("/api/sources").body()).get("sources")) {
            assertEquals(0, source.get("rejected").asLong(), source.toString());
        }
    }
}
