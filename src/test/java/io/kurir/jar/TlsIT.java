package io.kurir.jar;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import org.junit.jupiter.api.Test;

/**
 * HTTPS on the one port from properties alone (issue 5): the packaged jar, a PKCS12 key store made
 * by the JDK's keytool, and a real TLS client that trusts only that certificate. Signed webhooks are
 * accepted over TLS, the health check answers over TLS, and plain HTTP on the port gets nothing.
 */
class TlsIT {

    private static final String PASSWORD = "Tls-Keystore-Pass-1";

    /** The block shipped, commented, at the end of application.properties: uncommented as the README says. */
    @Test
    void servesHttpsFromTheShippedPropertiesWithThePasswordFromTheEnvironment() throws Exception {
        Path directory = RunningJar.newWorkingDirectory();
        Path properties = directory.resolve("application.properties");
        Files.writeString(properties, uncommentHttpsBlock(Files.readString(properties)));
        Path keyStore = generateKeyStore(directory.resolve("tls/kurir.p12"));

        try (RunningJar jar = RunningJar.startTls(directory, Map.of("KURIR_TLS_KEYSTORE_PASSWORD", PASSWORD), trustingOnly(keyStore))) {
            HttpResponse<String> health = jar.request("GET", "/observe/health", null);
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("UP", Gateway.json(health.body()).get("status").asText());
            // the certificate the server presented is the one in the key store, nothing else
            assertArrayEquals(certificate(keyStore).getEncoded(),
                    health.sslSession().orElseThrow().getPeerCertificates()[0].getEncoded());

            byte[] body = parcel("tls-accepted-1");
            HttpResponse<String> accepted = jar.request("POST", "/hooks/sendcloud", body,
                    "Content-Type", "application/json", "Sendcloud-Signature", Signing.sendcloud(body));
            assertEquals(200, accepted.statusCode(), accepted.body());
            assertEquals("accepted", Gateway.json(accepted.body()).get("status").asText());
            String id = Gateway.json(accepted.body()).get("id").asText();
            assertTrue(jar.request("GET", "/api/events?q=tls-accepted-1", null, "Authorization", "Bearer " + RunningJar.ADMIN_TOKEN)
                    .body().contains(id));

            // a forged signature is still refused over TLS
            HttpResponse<String> forged = jar.request("POST", "/hooks/sendcloud", parcel("tls-forged-1"),
                    "Content-Type", "application/json", "Sendcloud-Signature", "0".repeat(64));
            assertEquals(401, forged.statusCode(), forged.body());

            // plain HTTP to the same port: no answer at all, and the correctly signed webhook is not stored
            byte[] plainBody = parcel("tls-plain-1");
            assertThrows(IOException.class, () -> jar.plain("POST", "/hooks/sendcloud", plainBody,
                    "Content-Type", "application/json", "Sendcloud-Signature", Signing.sendcloud(plainBody)));
            assertThrows(IOException.class, () -> jar.plain("GET", "/observe/health", null));
            String listed = jar.request("GET", "/api/events?q=tls-plain-1", null, "Authorization", "Bearer " + RunningJar.ADMIN_TOKEN).body();
            assertFalse(listed.contains("evt_"), listed);

            // a client that does not trust the certificate (the JDK's default trust store) is refused
            assertThrows(SSLHandshakeException.class, () -> HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + jar.port() + "/observe/health")).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
    }

    /** Nothing in the file: every camel.* key as an environment variable, named by the README's rule. */
    @Test
    void servesHttpsConfiguredByEnvironmentVariablesAlone() throws Exception {
        Path directory = RunningJar.newWorkingDirectory();
        Path keyStore = generateKeyStore(Files.createTempDirectory("kurir-tls").resolve("server.p12"));

        Map<String, String> env = Map.of(
                "CAMEL_SSL_ENABLED", "true",
                "CAMEL_SSL_KEY_STORE", "file:" + keyStore,
                "CAMEL_SSL_KEY_STORE_TYPE", "PKCS12",
                "CAMEL_SSL_KEYSTORE_PASSWORD", PASSWORD,
                "CAMEL_SERVER_USE_GLOBAL_SSL_CONTEXT_PARAMETERS", "true",
                "CAMEL_MANAGEMENT_USE_GLOBAL_SSL_CONTEXT_PARAMETERS", "true");
        try (RunningJar jar = RunningJar.startTls(directory, env, trustingOnly(keyStore))) {
            HttpResponse<String> health = jar.request("GET", "/observe/health", null);
            assertEquals(200, health.statusCode(), health.body());
            assertEquals("UP", Gateway.json(health.body()).get("status").asText());

            byte[] body = parcel("tls-env-1");
            HttpResponse<String> accepted = jar.request("POST", "/hooks/sendcloud", body,
                    "Content-Type", "application/json", "Sendcloud-Signature", Signing.sendcloud(body));
            assertEquals(200, accepted.statusCode(), accepted.body());
            assertEquals("accepted", Gateway.json(accepted.body()).get("status").asText());

            assertThrows(IOException.class, () -> jar.plain("GET", "/observe/health", null));
        }
    }

    private static byte[] parcel(String id) {
        return ("{\"action\":\"parcel_status_changed\",\"timestamp\":1700000000000,\"parcel\":{\"id\":\"" + id
                + "\",\"tracking_number\":\"JNE123\",\"status\":{\"id\":11,\"message\":\"Delivered\"}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Uncomments the `# camel.…` lines of the block that starts with "## HTTPS", and fails if there is none. */
    static String uncommentHttpsBlock(String text) {
        StringBuilder out = new StringBuilder();
        boolean inBlock = false;
        int uncommented = 0;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("## HTTPS")) {
                inBlock = true;
            } else if (line.isBlank()) {
                inBlock = false;
            }
            if (inBlock && line.startsWith("# camel.")) {
                line = line.substring(2);
                uncommented++;
            }
            out.append(line).append('\n');
        }
        assertEquals(6, uncommented, "application.properties has no complete '## HTTPS' block of 6 camel.* lines");
        return out.substring(0, out.length() - 1);
    }

    /** A self-signed EC key pair for 127.0.0.1 and localhost, by the keytool of the JDK running the tests. */
    private static Path generateKeyStore(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", "kurir", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, process.exitValue(), "keytool failed: " + output);
        return file;
    }

    private static Certificate certificate(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store.getCertificate("kurir");
    }

    /** A TLS client that trusts exactly the certificate of the key store, and verifies the host name. */
    private static HttpClient trustingOnly(Path keyStore) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("kurir", certificate(keyStore));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(2)).build();
    }
}
