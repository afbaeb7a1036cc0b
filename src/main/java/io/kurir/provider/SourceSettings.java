package io.kurir.provider;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/** The settings of one source, `kurir.source.<name>.<key>`, read typed; each error names the full property and never echoes a secret. */
public final class SourceSettings {

    private final String prefix;
    private final Function<String, Optional<String>> values;

    /** @param values by full property name */
    public SourceSettings(String source, Function<String, Optional<String>> values) {
        this.prefix = "kurir.source." + source + ".";
        this.values = values;
    }

    /** A blank value counts as not set. */
    public Optional<String> get(String key) {
        return values.apply(prefix + key).map(String::trim).filter(value -> !value.isEmpty());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** The setting, else its default: the one place a default is written is the provider's {@link Setting}. */
    public String get(Setting setting) {
        return get(setting.key(), setting.defaultValue());
    }

    public long positiveLong(Setting setting) {
        return positiveLong(setting.key(), Long.parseLong(setting.defaultValue()));
    }

    public <T> T oneOf(Setting setting, Map<String, T> choices) {
        return oneOf(setting.key(), setting.defaultValue(), choices);
    }

    public String required(String key) {
        return get(key).orElseThrow(() -> invalid(key, "is required"));
    }

    public long positiveLong(String key, long fallback) {
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
    public <T> T oneOf(String key, String fallback, Map<String, T> choices) {
        String name = get(key, fallback);
        T choice = choices.get(name.toLowerCase(Locale.ROOT));
        if (choice == null) {
            throw invalid(key, "must be one of " + String.join(", ", new TreeSet<>(choices.keySet())) + ", not '" + name + "'");
        }
        return choice;
    }

    /** The full property name of a key, for messages: `kurir.source.<name>.<key>`. */
    public String propertyName(String key) {
        return prefix + key;
    }

    public IllegalArgumentException invalid(String key, String problem) {
        return new IllegalArgumentException(propertyName(key) + " " + problem);
    }
}
