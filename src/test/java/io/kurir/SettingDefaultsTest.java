package io.kurir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.kurir.admin.AdminToken;
import io.kurir.admin.DeliveriesApi;
import io.kurir.deliver.ForwardedHeaders;
import io.kurir.deliver.OutboundSigner;
import io.kurir.deliver.RetryPolicy;
import io.kurir.fleet.Heartbeat;
import io.kurir.ingest.IngestSettings;
import io.kurir.ingest.PublicUrl;
import io.kurir.ingest.Sources;
import io.kurir.log.LogSettings;
import io.kurir.observe.Metrics;
import io.kurir.observe.StoreGauges;
import io.kurir.route.DestinationSettings;
import io.kurir.route.EventRouter;
import io.kurir.route.KurirComponent;
import io.kurir.route.RouteReload;
import io.kurir.store.Database;
import io.kurir.store.Retention;
import io.kurir.store.Store;
import org.junit.jupiter.api.Test;

/**
 * The code's {@link Setting} declarations are the defaults; README.md's settings tables are made of
 * them, and what README.md, docs/ and application.properties say of a default elsewhere is checked
 * against them. On a difference the failure says what to write instead.
 */
class SettingDefaultsTest {

    private static final Path README = Path.of("README.md");

    /** README.md's settings tables, by section, and what each holds. Every declared setting is in one. */
    private static final Map<String, List<Setting<?>>> TABLES = tables();

    /** `kurir.x` (default V), `kurir.x` ms (default V), `kurir.x` (V): a number said in passing to be a default. */
    private static final Pattern SAID = Pattern.compile("`(kurir\\.[a-z0-9.<>-]+)`(?: ms)? \\(([^)]*)\\)");
    private static final Pattern VALUE = Pattern.compile("^(\\d[\\d_]*(?:\\.\\d+)?)(?: (MiB|KiB|s)\\b)?");
    /** A line of application.properties that sets a key, or shows it commented out. */
    private static final Pattern PROPERTY = Pattern.compile("^(#?\\s*)(kurir\\.[a-z0-9.-]+)\\s*=\\s*(.*)$");
    /** A default the code still writes where it reads a key: `settings.getLong("kurir.route.threads", 4)`. */
    private static final Pattern LITERAL = Pattern.compile("settings\\.get\\w*\\(\"(kurir\\.[a-z0-9.-]+)\", ([^(),]+)\\)");

    private static Map<String, List<Setting<?>>> tables() {
        Map<String, List<Setting<?>>> tables = new LinkedHashMap<>();
        tables.put("Sources", List.of(Sources.VERIFY, Sources.SECRET, Sources.ENVIRONMENT, Sources.RATE_LIMIT));
        tables.put("Store", List.of(Database.DB_URL, Database.DB_USER, Database.DB_PASSWORD, Database.DB_POOL_SIZE,
                Database.DB_CONNECTION_TIMEOUT, Database.DB_STATEMENT_TIMEOUT, Database.DB_STARTUP_TIMEOUT,
                Database.DB_USER_MIGRATIONS));
        tables.put("Retries", List.of(RetryPolicy.MAX_ATTEMPTS, RetryPolicy.INITIAL_DELAY, RetryPolicy.MAX_DELAY, RetryPolicy.MULTIPLIER));
        tables.put("Deliveries", List.of(DestinationSettings.CONCURRENCY, DestinationSettings.BATCH, DestinationSettings.POLL_INTERVAL,
                DestinationSettings.LEASE, DestinationSettings.BREAKER_FAILURES, DestinationSettings.BREAKER_OPEN,
                OutboundSigner.SIGNING_SECRET, ForwardedHeaders.FORWARD_HEADERS));
        tables.put("Ordered delivery per key", List.of(KurirComponent.ORDER_KEY, KurirComponent.ORDER_AFTER_DEAD));
        tables.put("Admin, ingest and routing", List.of(AdminToken.TOKEN, IngestSettings.MAX_BODY_BYTES,
                IngestSettings.MAX_BYTES_IN_FLIGHT, IngestSettings.READ_TIMEOUT, Database.STORE_TIMEOUT, Store.COMMIT_DELAY,
                Store.COMMIT_DELAY_BELOW, PublicUrl.PUBLIC_URL, PublicUrl.TRUSTED_PROXIES, KurirConfiguration.WORKER_THREADS,
                KurirConfiguration.ALLOW_PRIVATE, EventRouter.THREADS, EventRouter.MAX_QUEUED_BYTES,
                EventRouter.RECOVERY_INTERVAL, EventRouter.RETRY_DELAY, RouteReload.ENABLED, Heartbeat.INSTANCE_ID,
                Heartbeat.INSTANCE_TIMEOUT, DeliveriesApi.REPLAY_RATE, Retention.DAYS, Retention.INTERVAL,
                Metrics.ENABLED, StoreGauges.INTERVAL));
        tables.put("Logs", List.of(LogSettings.FORMAT, LogSettings.LEVEL));
        return tables;
    }

    static String table(List<Setting<?>> settings) {
        StringBuilder table = new StringBuilder("| key | default | meaning |\n|---|---|---|\n");
        for (Setting<?> setting : settings) {
            table.append("| `").append(setting.key()).append("` | ").append(setting.shownDefault()).append(" | ")
                    .append(setting.meaning()).append(" |\n");
        }
        return table.toString();
    }

    @Test
    void readmeTablesAreTheDeclarations() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        List<String> differ = new ArrayList<>();
        TABLES.forEach((section, settings) -> {
            if (!readme.contains(table(settings))) {
                differ.add("README.md's table of \"" + section + "\" differs from the code's declarations; it should read:\n\n"
                        + table(settings));
            }
        });
        assertEquals("", String.join("\n", differ));
    }

    @Test
    void readmeHasATableRowForEverySetting() {
        List<String> tabled = new ArrayList<>();
        TABLES.values().forEach(settings -> settings.forEach(setting -> tabled.add(setting.key())));
        List<String> declared = new ArrayList<>();
        KnownSettings.DECLARED.forEach(setting -> declared.add(setting.key()));
        Collections.sort(tabled);
        Collections.sort(declared);
        assertEquals(declared, tabled, "each setting KnownSettings knows is declared once, and is in one of README.md's tables: "
                + "add a new one to SettingDefaultsTest.tables(), and a new declaring class to KnownSettings");
    }

    /** `kurir.ingest.max-body-bytes` (default 1 MiB) in README.md, `kurir.instance.timeout` (10 s) in docs/. */
    @Test
    void defaultsSaidInPassingAreTheDeclarations() throws IOException {
        Map<String, Setting<?>> byKey = byKey();
        List<Path> texts = new ArrayList<>(List.of(README));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(f -> f.toString().endsWith(".md")).sorted().forEach(texts::add);
        }
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Path file : texts) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            Matcher said = SAID.matcher(text);
            while (said.find()) {
                Setting<?> setting = byKey.get(said.group(1));
                String inBrackets = said.group(2).replaceAll("\\s+", " ");
                int at = inBrackets.indexOf("default ");
                Matcher value = VALUE.matcher(at < 0 ? inBrackets : inBrackets.substring(at + "default ".length()));
                if (setting == null || !(setting.defaultValue() instanceof Number number)) {
                    continue;
                }
                if (!value.find()) {
                    if (at >= 0) {
                        wrong.add(file + " line " + line(text, said.start()) + ": `" + said.group(1) + "` (" + inBrackets
                                + "): say the default as " + number + " (MiB, KiB or s may follow)");
                    }
                    continue;
                }
                checked++;
                BigDecimal saidValue = new BigDecimal(value.group(1).replace("_", "")).multiply(unit(value.group(2)));
                BigDecimal declared = new BigDecimal(number.toString());
                if (saidValue.compareTo(declared) != 0) {
                    wrong.add(file + " line " + line(text, said.start()) + ": `" + said.group(1) + "` ... " + value.group()
                            + " should be " + inUnit(declared, value.group(2)));
                }
            }
        }
        assertTrue(checked >= 5, "found only " + checked + " defaults said in passing: is " + SAID + " still how the docs say them?");
        assertEquals("", String.join("\n", wrong));
    }

    /**
     * application.properties sets a declared setting only to its default, to show it (a different value
     * would be a second default, in disguise), and shows commented-out ones with their default (or with
     * none: `# kurir.db.url =` says where to set it).
     */
    @Test
    void applicationPropertiesShowsTheDefaults() throws IOException {
        Map<String, Setting<?>> byKey = byKey();
        List<String> lines = Files.readAllLines(Path.of("application.properties"), StandardCharsets.UTF_8);
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher property = PROPERTY.matcher(lines.get(i));
            if (!property.matches() || !byKey.containsKey(property.group(2)) || byKey.get(property.group(2)).defaultValue() == null
                    || property.group(3).isBlank() && property.group(1).startsWith("#")) {
                continue;
            }
            checked++;
            Setting<?> setting = byKey.get(property.group(2));
            if (!sameValue(setting, property.group(3).trim())) {
                wrong.add("application.properties line " + (i + 1) + " should read:\n" + property.group(1) + setting.key() + " = "
                        + plain(setting.defaultValue()));
            }
        }
        assertTrue(checked >= 5, "found only " + checked + " settings in application.properties");
        assertEquals("", String.join("\n", wrong));
    }

    /**
     * Where the code still writes a default out as it reads the key (the store's and the router's, until
     * they read their declarations), it is the declared one.
     */
    @Test
    void defaultsStillWrittenWhereTheyAreReadAreTheDeclarations() throws IOException {
        Map<String, Setting<?>> byKey = byKey();
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code = Files.readString(file, StandardCharsets.UTF_8);
                Matcher literal = LITERAL.matcher(code);
                while (literal.find()) {
                    Setting<?> setting = byKey.get(literal.group(1));
                    String written = literal.group(2).trim();
                    Object value = literalValue(written);
                    if (setting != null && value != null && !sameValue(setting, value.toString())) {
                        wrong.add(file + " line " + line(code, literal.start()) + " reads " + setting.key() + " with the default " + written
                                + "; its declaration says " + plain(setting.defaultValue()) + ": read it with the declaration");
                    }
                }
            }
        }
        assertEquals("", String.join("\n", wrong));
    }

    /** Declared keys, with each destination's own key of a setting of every destination as that setting. */
    private static Map<String, Setting<?>> byKey() {
        Map<String, Setting<?>> byKey = new HashMap<>();
        KnownSettings.DECLARED.forEach(setting -> byKey.put(setting.key(), setting));
        DestinationSettings.PER_DESTINATION.forEach(setting -> byKey.put(setting.keyFor(Setting.NAME), setting));
        return byKey;
    }

    private static boolean sameValue(Setting<?> setting, String value) {
        Object declared = setting.defaultValue();
        if (declared == null) {
            return false;
        }
        try {
            return declared instanceof Number number ? new BigDecimal(value).compareTo(new BigDecimal(number.toString())) == 0
                    : declared.toString().equals(value);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A string literal's text, or the value of a number literal such as `10_000` or `8L * 1024 * 1024`; else null. */
    private static Object literalValue(String written) {
        if (written.startsWith("\"") && written.endsWith("\"")) {
            return written.substring(1, written.length() - 1);
        }
        if (!written.matches("[0-9_.L ]+(\\*[0-9_.L ]+)*")) {
            return null;
        }
        BigDecimal product = BigDecimal.ONE;
        for (String factor : written.split("\\*")) {
            product = product.multiply(new BigDecimal(factor.replaceAll("[_L ]", "")));
        }
        return product;
    }

    private static String plain(Object value) {
        return value instanceof Double d ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : String.valueOf(value);
    }

    /** MiB and KiB of bytes, s of settings in milliseconds (every one of Kurir's durations is). */
    private static BigDecimal unit(String unit) {
        return BigDecimal.valueOf(unit == null ? 1 : switch (unit) {
            case "MiB" -> 1024 * 1024;
            case "KiB" -> 1024;
            case "s" -> 1000;
            default -> throw new IllegalArgumentException(unit);
        });
    }

    private static String inUnit(BigDecimal value, String unit) {
        BigDecimal[] division = value.divideAndRemainder(unit(unit));
        return unit != null && division[1].signum() == 0 ? division[0].toPlainString() + " " + unit : value.toPlainString();
    }

    private static int line(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
