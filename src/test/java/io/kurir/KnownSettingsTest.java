package io.kurir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * KnownSettings knows every setting the code reads, found here in src/main/java: a key read but not
 * known would stop every start that sets it, as a typo. Declarations are found too, so a class that
 * declares settings but is not among KnownSettings' declaring classes fails here.
 */
class KnownSettingsTest {

    /**
     * A whole key as a literal: `"kurir.retry.max-attempts"`, `"kurir.destination.<name>.order-key"` (not
     * `"kurir.source"` given to namesWith, nor a meter's name given to Micrometer's `Counter.builder(…)` and the like).
     */
    private static final Pattern KEY = Pattern.compile("(?<!namesWith\\()(?<!builder\\()\"(kurir(?:\\.(?:[a-z0-9-]+|<name>))+)\"");
    /** A per-name key spelt out: `"kurir.destination." + name + ".concurrency"`. */
    private static final Pattern PER_NAME_KEY = Pattern.compile("\"(kurir\\.[a-z]+\\.)\" \\+ \\w+ \\+ \"\\.([a-z0-9.-]*[a-z0-9])\"");
    /** A prefix held in a variable, then a key made of it: `String own = "kurir.destination." + name + ".retry.";` … `own + "max-delay"`. */
    private static final Pattern PREFIX = Pattern.compile("String (\\w+) = \"(kurir\\.[a-z]+\\.)\"(?: \\+ \\w+ \\+ \"\\.([a-z0-9.-]*)\")?;");
    /** A source's scheme setting, named relative to `kurir.source.<name>.` (io.kurir.verify). */
    private static final Pattern SCHEME_KEY = Pattern.compile("settings\\.(?:get|required|oneOf|positiveLong|invalid|propertyName)\\(\"([a-z-]+)\"");

    @Test
    void listsEverySettingTheCodeReads() throws Exception {
        List<String> read = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                matches(KEY, code).forEach(m -> read.add(m.group(1).replace(Setting.NAME, "x")));
                matches(PER_NAME_KEY, code).forEach(m -> read.add(m.group(1) + "x." + m.group(2)));
                for (MatchResult prefix : matches(PREFIX, code)) {
                    String start = prefix.group(3) == null ? prefix.group(2) : prefix.group(2) + "x." + prefix.group(3);
                    matches(Pattern.compile("\\b" + prefix.group(1) + " \\+ \"([a-z0-9.-]+)\""), code)
                            .forEach(m -> read.add(start + m.group(1)));
                }
                if (file.toString().contains("verify")) {
                    matches(SCHEME_KEY, code).forEach(m -> read.add("kurir.source.x." + m.group(1)));
                }
            }
        }

        assertTrue(read.size() > 50, "found only " + read);
        assertEquals(List.of(), read.stream().filter(key -> !KnownSettings.isKnown(key)).distinct().toList());
    }

    @Test
    void knowsTheVariableOfEachSettingOfASourceOrADestination() {
        assertTrue(KnownSettings.isKnownVariable("KURIR_SOURCE_MY_SHOP_RATE_LIMIT", Set.of()));
        assertTrue(KnownSettings.isKnownVariable("KURIR_DESTINATION_CRM_RETRY_MAX_ATTEMPTS", Set.of()));
        assertFalse(KnownSettings.isKnownVariable("KURIR_SOURCE_MY_SHOP_VERFY", Set.of()));
    }

    @Test
    void leavesSettingsOfOnesOwnUnderKurirVarsAlone() {
        assertTrue(KnownSettings.isKnown("kurir.vars.ops-channel"));
        assertTrue(KnownSettings.isKnownVariable("KURIR_VARS_OPS_CHANNEL", Set.of()));
    }

    @Test
    void namesTheNearestKeyWithTheSourcesOwnName() {
        assertEquals("kurir.source.my-shop.verify", SettingsCheck.nearest("kurir.source.my-shop.verfy", Set.of(), false));
    }

    @Test
    void namesTheNearestVariableOfADestinationSetting() {
        assertEquals("KURIR_DESTINATION_CRM_RETRY_MAX_ATTEMPTS",
                SettingsCheck.nearest("KURIR_DESTINATION_CRM_RETRY_MAX_ATEMPTS", Set.of(), true));
    }

    @Test
    void namesAKeyTheRoutesReadWhenItIsTheNearest() {
        assertEquals("kurir.telegram.ops-chat-id",
                SettingsCheck.nearest("kurir.telegram.ops-chat", Set.of("kurir.telegram.ops-chat-id"), false));
    }

    private static List<MatchResult> matches(Pattern pattern, String code) {
        return pattern.matcher(code).results().toList();
    }
}
