package io.kurir;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Kurir's view of its configuration: `application.properties`, overridden by `-Dkey=value` and by
 * environment variables (`kurir.source.shop.secret` ← `KURIR_SOURCE_SHOP_SECRET`), as Camel's
 * properties component resolves them.
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public Optional<String> get(String key) {
        return properties.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public long getLong(String key, long fallback) {
        return read(key, fallback, Long::parseLong);
    }

    /** The setting's value, else its default (null for one declared {@link Setting#unset}). */
    public String get(Setting<String> setting) {
        return get(setting.key(), setting.defaultValue());
    }

    public long getLong(Setting<Long> setting) {
        return read(setting.key(), setting.defaultValue(), Long::parseLong);
    }

    public int getInt(Setting<Integer> setting) {
        return read(setting.key(), setting.defaultValue(), Integer::parseInt);
    }

    public double getDouble(Setting<Double> setting) {
        return read(setting.key(), setting.defaultValue(), Double::parseDouble);
    }

    public boolean getBoolean(Setting<Boolean> setting) {
        return read(setting.key(), setting.defaultValue(), Boolean::parseBoolean);
    }

    /** For one destination: its own key ({@link Setting#keyFor}) when that is set, else the setting of every destination. */
    public long getLong(Setting<Long> setting, String destination) {
        return read(setting.keyFor(destination), getLong(setting), Long::parseLong);
    }

    public int getInt(Setting<Integer> setting, String destination) {
        return read(setting.keyFor(destination), getInt(setting), Integer::parseInt);
    }

    public double getDouble(Setting<Double> setting, String destination) {
        return read(setting.keyFor(destination), getDouble(setting), Double::parseDouble);
    }

    /**
     * Names `n` of every `prefix.n.suffix` key set in the files, as a system property or as an
     * environment variable (`KURIR_SOURCE_MY_SHOP_VERIFY` names `my-shop`).
     */
    public Set<String> namesWith(String prefix, String suffix) {
        Set<String> names = new TreeSet<>();
        String start = prefix + ".";
        String end = "." + suffix;
        for (String key : properties.loadProperties(k -> k.startsWith(start) && k.endsWith(end)).stringPropertyNames()) {
            names.add(key.substring(start.length(), key.length() - end.length()));
        }
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith(start) && key.endsWith(end) && key.length() > start.length() + end.length()) {
                names.add(key.substring(start.length(), key.length() - end.length()));
            }
        }
        String envStart = envName(prefix) + "_";
        String envEnd = "_" + envName(suffix);
        for (String key : System.getenv().keySet()) {
            if (key.startsWith(envStart) && key.endsWith(envEnd) && key.length() > envStart.length() + envEnd.length()) {
                names.add(key.substring(envStart.length(), key.length() - envEnd.length()).toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        return names;
    }

    /** The environment variable that overrides a key, as Camel derives it. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private interface Parser<T> {
        T parse(String value);
    }

    private <T> T read(String key, T fallback, Parser<T> parser) {
        return get(key).map(v -> parse(key, v, parser)).orElse(fallback);
    }

    private static <T> T parse(String key, String value, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + value + "'");
        }
    }
}
