package io.kurir;

import java.math.BigDecimal;

/**
 * One `kurir.*` setting as the code that reads it declares it: its key, its default and what it does.
 * This declaration is the default's one place: {@link Settings} reads the setting with it, {@link KnownSettings}
 * knows the key from it, and README.md's settings tables and application.properties quote it
 * (SettingDefaultsTest checks them). A key with `<name>` is a setting of each source or destination.
 *
 * @param defaultValue null when an unset setting means something a value cannot say
 * @param shownDefault the default as README.md's tables show it
 */
public record Setting<T>(String key, T defaultValue, String shownDefault, String meaning) {

    /** Where a key of each source or destination has the name: `kurir.destination.<name>.order-key`. */
    public static final String NAME = "<name>";

    public static Setting<Long> ofLong(String key, long defaultValue, String meaning) {
        return new Setting<>(key, defaultValue, Long.toString(defaultValue), meaning);
    }

    public static Setting<Integer> ofInt(String key, int defaultValue, String meaning) {
        return new Setting<>(key, defaultValue, Integer.toString(defaultValue), meaning);
    }

    public static Setting<Double> ofDouble(String key, double defaultValue, String meaning) {
        return new Setting<>(key, defaultValue, BigDecimal.valueOf(defaultValue).stripTrailingZeros().toPlainString(), meaning);
    }

    public static Setting<Boolean> ofBoolean(String key, boolean defaultValue, String meaning) {
        return new Setting<>(key, defaultValue, Boolean.toString(defaultValue), meaning);
    }

    public static Setting<String> ofString(String key, String defaultValue, String meaning) {
        return new Setting<>(key, defaultValue, defaultValue.isEmpty() ? "" : "`" + defaultValue + "`", meaning);
    }

    /** A setting without a default value: `whenUnset` says what happens without it. */
    public static Setting<String> unset(String key, String whenUnset, String meaning) {
        return new Setting<>(key, null, whenUnset, meaning);
    }

    /** This setting of one source or destination: `<name>` in the key replaced by its name. */
    public Setting<T> of(String name) {
        return new Setting<>(key.replace(NAME, name), defaultValue, shownDefault, meaning);
    }

    /**
     * The key one destination sets this setting of every destination with for itself, read before it:
     * `kurir.deliver.lease` is `kurir.destination.crm.lease` for `crm`, `kurir.retry.max-delay`
     * `kurir.destination.crm.retry.max-delay`.
     */
    public String keyFor(String destination) {
        return "kurir.destination." + destination + "." + key.replaceFirst("^kurir\\.(deliver\\.)?", "");
    }
}
