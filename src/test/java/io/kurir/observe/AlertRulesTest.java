package io.kurir.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.kurir.support.Gateway;
import io.kurir.support.Prometheus;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * docs/kurir-alerts.yml is a Prometheus rule file that names only meters Kurir serves, and the README
 * lists every meter Kurir serves. promtool (Debian's `prometheus` package) checks the file and runs its
 * unit tests (docs/kurir-alerts.test.yml) when it is installed.
 */
class AlertRulesTest {

    private static final Path RULES = Path.of("docs/kurir-alerts.yml");
    private static final Pattern KURIR_METER = Pattern.compile("\\bkurir_[a-z_]+");

    private static Gateway gateway;
    /** The metric families of a scrape that has every meter, the store's gauges included. */
    private static Set<String> served;

    @BeforeAll
    static void scrape() throws InterruptedException {
        gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of("kurir.metrics.store-interval", "1000"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Prometheus metrics = gateway.metrics();
        while (!metrics.has("kurir_deliveries_undelivered") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            metrics = gateway.metrics();
        }
        served = new TreeSet<>();
        for (String line : metrics.text().split("\n")) {
            if (line.startsWith("# TYPE kurir_")) {
                served.add(line.split(" ")[2]);
            }
        }
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() throws IOException {
        Map<String, Object> file = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(RULES));
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            rules.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return rules;
    }

    /** The family a sample name belongs to: a histogram's `_bucket`, `_count` and `_sum` are the histogram's. */
    private static String family(String sample) {
        return sample.replaceFirst("_(bucket|count|sum)$", "");
    }

    @Test
    void isAYamlFileOfAlertsEachWithAnExpressionASeverityAndASummary() throws IOException {
        List<Map<String, Object>> rules = rules();

        assertFalse(rules.isEmpty());
        for (Map<String, Object> rule : rules) {
            assertTrue(rule.get("alert") instanceof String, rule.toString());
            assertTrue(rule.get("expr") instanceof String, rule.toString());
            assertTrue(((Map<?, ?>) rule.get("labels")).containsKey("severity"), rule.toString());
            assertTrue(((Map<?, ?>) rule.get("annotations")).containsKey("summary"), rule.toString());
        }
        assertTrue(rules.stream().map(r -> r.get("alert")).toList()
                .containsAll(List.of("KurirDeadDeliveriesRising", "KurirOldestUndeliveredTooOld", "KurirRefusalsSpiking")));
    }

    @Test
    void namesOnlyMetersKurirServes() throws IOException {
        for (Map<String, Object> rule : rules()) {
            Matcher meter = KURIR_METER.matcher((String) rule.get("expr"));
            while (meter.find()) {
                assertTrue(served.contains(family(meter.group())), rule.get("alert") + " names " + meter.group()
                        + ", which Kurir does not serve: " + served);
            }
        }
    }

    @Test
    void theReadmeListsEveryMeterKurirServes() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        for (String family : served) {
            // a timer's or a histogram's _max is listed with it
            String listed = family.replaceFirst("_max$", "");
            assertTrue(readme.contains("| `" + listed + "` |"), "the README's meter table lacks " + listed);
        }
    }

    @Test
    void passesPromtoolsCheckAndItsUnitTests() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed (apt-get install prometheus)");

        assertEquals(0, promtool("check", "rules", RULES.toString()));
        assertEquals(0, promtool("test", "rules", "docs/kurir-alerts.test.yml"));
    }

    private static int promtool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool did not finish");
        if (process.exitValue() != 0) {
            System.out.println(output);
        }
        return process.exitValue();
    }
}
