package io.kurir.provider;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The README's provider tables are what the units say; on a difference the failure prints the table to paste. */
class ReadmeTablesTest {

    private static final Path README = Path.of("README.md");

    static String schemes() {
        StringBuilder table = new StringBuilder("| scheme | what is checked |\n|---|---|\n");
        for (Provider provider : Providers.all()) {
            table.append("| `").append(provider.name()).append("` | ").append(provider.checks()).append(" |\n");
        }
        return table.toString();
    }

    static String typesAndKeys() {
        StringBuilder table = new StringBuilder("| scheme | `kurirEventType` from | idempotency key from |\n|---|---|---|\n");
        for (Provider provider : Providers.all()) {
            table.append("| `").append(provider.name()).append("` | ").append(From.describe(provider.eventType(), From.FALLBACK_TYPE))
                    .append(" | ").append(From.describe(provider.idempotencyKey(), From.FALLBACK_KEY)).append(" |\n");
        }
        return table.toString();
    }

    static String settings() {
        StringBuilder table = new StringBuilder("| scheme | setting | default | meaning |\n|---|---|---|---|\n");
        for (Provider provider : Providers.all()) {
            for (Setting setting : provider.settings()) {
                table.append("| `").append(provider.name()).append("` | `").append(setting.key()).append("` | ")
                        .append(setting.defaultValue().isEmpty() ? "" : "`" + setting.defaultValue() + "`").append(" | ")
                        .append(setting.meaning()).append(" |\n");
            }
        }
        return table.toString();
    }

    @Test
    void readmeListsEverySchemesSettingsWithTheirDefaults() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertTrue(readme.contains(settings()), "README.md's table of scheme settings differs from the providers; it should read:\n\n" + settings());
    }

    @Test
    void readmeListsEverySchemeAsItsUnitDescribesIt() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertTrue(readme.contains(schemes()), "README.md's scheme table differs from the providers; it should read:\n\n" + schemes());
    }

    @Test
    void readmeSaysWhereEachSchemesEventTypeAndKeyComeFrom() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        assertTrue(readme.contains(typesAndKeys()),
                "README.md's table of event types and keys differs from the providers; it should read:\n\n" + typesAndKeys());
    }
}
