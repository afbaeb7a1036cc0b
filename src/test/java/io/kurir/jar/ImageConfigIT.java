package io.kurir.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The container image Jib builds in the package phase (target/jib-image-config.tar, on an empty base
 * so that it needs no network): its configuration and its files, as docs/OPERATIONS.md describes them.
 */
class ImageConfigIT {

    static final Path TAR = Path.of("target", "jib-image-config.tar");
    static JsonNode config;
    static Set<String> files = new HashSet<>();

    @BeforeAll
    static void readImage() throws IOException {
        assumeTrue(Files.exists(TAR), TAR + " is missing: the jib-maven-plugin execution image-config did not run");
        Map<String, byte[]> entries = untar(Files.readAllBytes(TAR), false);
        ObjectMapper json = new ObjectMapper();
        JsonNode manifest = json.readTree(entries.get("manifest.json")).get(0);
        config = json.readTree(entries.get(manifest.get("Config").asText())).get("config");
        for (JsonNode layer : manifest.get("Layers")) {
            files.addAll(untar(gunzip(entries.get(layer.asText())), true).keySet());
        }
    }

    @Test
    void runsTheShadedJarAsANonRootUserFromAppWithTheJvmOptionsOfBinKurir() throws Exception {
        String user = config.get("User").asText();
        assertFalse(user.isEmpty() || user.startsWith("0") || user.startsWith("root"), user);
        assertEquals("/app", config.get("WorkingDir").asText());
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        assertEquals("java", entrypoint.get(0));
        assertEquals(List.of("-jar", "/opt/kurir/classpath/kurir.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()));
        // the same options as bin/kurir, so that the image runs as measured in docs/BENCHMARKS.md
        Process options = new ProcessBuilder("sh", "bin/kurir", "--java-options").redirectErrorStream(true).start();
        String expected = new String(options.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, options.waitFor(), expected);
        assertEquals(List.of(expected.split(" ")), entrypoint.subList(1, entrypoint.size() - 2));
    }

    @Test
    void exposesPort8080AndDeclaresTheStoreAsAVolume() {
        assertTrue(config.get("ExposedPorts").has("8080/tcp"), config.toString());
        assertTrue(config.get("Volumes").has("/app/data"), config.toString());
    }

    @Test
    void carriesTheOpenContainersLabels() {
        JsonNode labels = config.get("Labels");
        assertEquals("kurir", labels.get("org.opencontainers.image.title").asText());
        assertNotEquals("", labels.get("org.opencontainers.image.description").asText());
        assertNotEquals("", labels.get("org.opencontainers.image.version").asText());
        assertTrue(labels.has("org.opencontainers.image.source"), labels.toString());
    }

    @Test
    void holdsTheJarTheConfigurationAndTheRoutesButNotTheDependenciesTwice() {
        assertTrue(files.contains("opt/kurir/classpath/kurir.jar"), files.toString());
        assertTrue(files.contains("app/application.properties"), files.toString());
        assertTrue(files.contains("app/routes/destinations.camel.yaml"), files.toString());
        assertTrue(files.stream().anyMatch(f -> f.startsWith("app/data")), files.toString());
        assertFalse(files.stream().anyMatch(f -> f.startsWith("opt/kurir/libs/")), "the shaded jar already holds the dependencies");
    }

    /** The entries of a tar archive (ustar, as Jib writes it); only names when names is true. */
    static Map<String, byte[]> untar(byte[] tar, boolean names) {
        Map<String, byte[]> entries = new HashMap<>();
        String longName = null;
        int at = 0;
        while (at + 512 <= tar.length && tar[at] != 0) {
            String name = field(tar, at, 100);
            String prefix = field(tar, at + 345, 155);
            long size = Long.parseLong(field(tar, at + 124, 12).trim().isEmpty() ? "0" : field(tar, at + 124, 12).trim(), 8);
            char type = (char) tar[at + 156];
            int data = at + 512;
            if (type == 'L') {
                longName = new String(tar, data, (int) size, StandardCharsets.UTF_8).replace("\0", "");
            } else {
                String full = longName != null ? longName : prefix.isEmpty() ? name : prefix + "/" + name;
                longName = null;
                full = full.startsWith("./") ? full.substring(2) : full.startsWith("/") ? full.substring(1) : full;
                entries.put(full, names ? new byte[0] : java.util.Arrays.copyOfRange(tar, data, data + (int) size));
            }
            at = data + (int) ((size + 511) / 512 * 512);
        }
        return entries;
    }

    static String field(byte[] tar, int from, int length) {
        int end = from;
        while (end < from + length && tar[end] != 0) end++;
        return new String(tar, from, end - from, StandardCharsets.UTF_8);
    }

    static byte[] gunzip(byte[] gzip) throws IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
