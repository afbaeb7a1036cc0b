package io.kurir;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The `camel.*` keys of `application.properties` overridden by environment variables named after them
 * (`camel.component.http.response-timeout` ← `CAMEL_COMPONENT_HTTP_RESPONSE_TIMEOUT`). Camel Main reads
 * such a variable back as `camel.component.http.response.timeout`, which binds to nothing when the
 * option's name has a dash, so the value in the file silently won; the key as the file spells it does.
 */
final class CamelKeysFromEnvironment {

    private CamelKeysFromEnvironment() {
    }

    /** key → value of every `camel.*` key in the working directory's or the packaged file whose variable is set. */
    static Map<String, String> overrides(Map<String, String> environment) throws IOException {
        Properties file = new Properties();
        load(file, Main.class.getResourceAsStream("/application.properties"));
        Path local = Path.of("application.properties");
        if (Files.isReadable(local)) {
            load(file, Files.newInputStream(local));
        }
        Map<String, String> overrides = new TreeMap<>();
        for (String key : file.stringPropertyNames()) {
            String value = environment.get(Settings.envName(key));
            if (key.startsWith("camel.") && value != null) {
                overrides.put(key, value);
            }
        }
        return overrides;
    }

    private static void load(Properties into, InputStream in) throws IOException {
        if (in == null) {
            return;
        }
        try (Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            into.load(reader);
        }
    }
}
