package io.kurir.verify;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Typed reading of a source's settings; each error names the full property and never echoes the secret. */
final class SettingsReader {

    private final SchemeSettings settings;

    SettingsReader(SchemeSettings settings) {
        this.settings = settings;
    }

    /** A blank value counts as not set. */
    Optional<String> get(String key) {
        return settings.get(key).map(String::trim).filter(value -> !value.isEmpty());
    }

    String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    String required(String key) {
        return get(key).orElseThrow(() -> invalid(key, "is required"));
    }

    long positiveLong(String key, long fallback) {
        Optional<String> text = get(key);
        if (text.isEmpty()) {
            return fallback;
        }
        // at most 18 digits, so parsing cannot overflow
        if (!text.get().matches("[0-9]{1,18}") || Long.parseLong(text.get()) == 0) {
            throw invalid(key, "must be a positive whole number, not '" + text.get() + "'");
        }
        return Long.parseLong(text.get());
    }

    /** @param choices keyed by lower-case name; the setting is matched case-insensitively */
    <T> T oneOf(String key, String fallback, Map<String, T> choices) {
        String name = get(key, fallback);
        T choice = choices.get(name.toLowerCase(Locale.ROOT));
        if (choice == null) {
            throw invalid(key, "must be one of " + String.join(", ", new TreeSet<>(choices.keySet())) + ", not '" + name + "'");
        }
        return choice;
    }

    String propertyName(String key) {
        return settings.propertyName(key);
    }

    IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException(propertyName(key) + " " + problem);
    }
}
