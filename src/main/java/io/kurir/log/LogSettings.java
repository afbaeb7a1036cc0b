package io.kurir.log;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.kurir.Setting;
import io.kurir.Settings;

/**
 * The log's two settings, `KURIR_LOG_FORMAT` (text or json) and `KURIR_LOG_LEVEL` (Kurir's own level),
 * or their `-D` properties. Logging starts before application.properties is read, so they are taken
 * from the environment and the system properties only.
 */
public final class LogSettings {

    public static final Setting<String> FORMAT = Setting.ofString("kurir.log.format", "text",
            "`text`, or `json`: one JSON object a line, with the fields above; from the environment or `-D` only");
    public static final Setting<String> LEVEL = Setting.ofString("kurir.log.level", "info",
            "the level of Kurir's own loggers: `trace`, `debug`, `info`, `warn`, `error` or `off`; from the environment or `-D` only");
    static final String JSON = "json";
    private static final Set<String> FORMATS = Set.of("text", JSON);
    private static final Set<String> LEVELS = Set.of("trace", "debug", "info", "warn", "error", "off");

    private LogSettings() {
    }

    static String format() {
        return value(FORMAT.key()).orElse(FORMAT.defaultValue());
    }

    static String level() {
        return value(LEVEL.key()).orElse(LEVEL.defaultValue());
    }

    /** What is wrong with them, if anything: said at start-up, since the log set up meanwhile cannot. */
    public static Optional<String> problem() {
        if (!FORMATS.contains(format())) {
            return Optional.of(Settings.envName(FORMAT.key()) + " must be text or json, not '" + format() + "'");
        }
        if (!LEVELS.contains(level())) {
            return Optional.of(Settings.envName(LEVEL.key()) + " must be one of trace, debug, info, warn, error, off, not '"
                    + level() + "'");
        }
        return Optional.empty();
    }

    private static Optional<String> value(String key) {
        String value = System.getProperty(key, System.getenv(Settings.envName(key)));
        return Optional.ofNullable(value).map(v -> v.trim().toLowerCase(Locale.ROOT)).filter(v -> !v.isEmpty());
    }
}
