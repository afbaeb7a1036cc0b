package io.kurir.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar, run as the README says from a directory holding only application.properties
 * and routes/: it must start, verify, store in ./data/ and answer. A jar whose merged Camel service
 * files are broken starts and then answers wrong; this is where that shows.
 */
class PackagedJarIT {

    private static Path directory;
    private static RunningJar jar;

    @BeforeAll
    static void start() throws Exception {
        directory = RunningJar.newWorkingDirectory();
        // a source that exists only in the environment
        jar = RunningJar.start(directory, Map.of(
                "KURIR_SOURCE_FORMS_VERIFY", "token",
                "KURIR_SOURCE_FORMS_SECRET", "s3cret-Token"));
    }

    @AfterAll
    static void stop() throws Exception {
        jar.close();
    }

    private static HttpResponse<String> postParcel(String id, String signature) throws Exception {
        byte[] body = ("{\"action\":\"parcel_status_changed\",\"parcel\":{\"id\":\"" + id + "\",\"status\":{\"id\":3,\"message\":\"x\"}}}").getBytes();
        return jar.post("/hooks/sendcloud", "application/json", body, "Sendcloud-Signature",
                signature == null ? Signing.sendcloud(body) : signature);
    }

    @Test
    void reportsHealthUp() throws Exception {
        HttpResponse<String> health = jar.get("/observe/health");

        assertEquals(200, health.statusCode());
        assertEquals("UP", Gateway.json(health.body()).get("status").asText());
    }

    @Test
    void acceptsASignedWebhookAndListsIt() throws Exception {
        HttpResponse<String> response = postParcel("smoke-1", null);

        assertEquals(200, response.statusCode(), response.body());
        String id = Gateway.json(response.body()).get("id").asText();
        assertEquals("accepted", Gateway.json(response.body()).get("status").asText());
        assertTrue(jar.api("/api/events?source=sendcloud").body().contains(id));
    }

    @Test
    void refusesAForgedSignature() throws Exception {
        HttpResponse<String> response = postParcel("smoke-2", "0".repeat(64));

        assertEquals(401, response.statusCode());
        assertEquals("invalid_signature", Gateway.json(response.body()).get("error").asText());
        assertTrue(response.headers().firstValue("Sendcloud-Signature").isEmpty());
    }

    @Test
    void servesASourceConfiguredOnlyInTheEnvironment() throws Exception {
        HttpResponse<String> response = jar.post("/hooks/forms?campaign_name=Expo", "application/x-www-form-urlencoded",
                "name=Sari&phone=0812".getBytes(), "X-Kurir-Token", "s3cret-Token");

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void keepsItsStoreInTheWorkingDirectory() {
        assertTrue(Files.isDirectory(directory.resolve("data")), "no ./data/ in " + directory);
    }
}
