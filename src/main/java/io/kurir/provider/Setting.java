package io.kurir.provider;

import io.kurir.verify.Tolerance;

/** A provider's own setting `kurir.source.<name>.<key>`; `defaultValue` empty when it has none. */
public record Setting(String key, String defaultValue, String meaning) {

    /** The replay window of the schemes that sign a timestamp: 300 s, unless the provider's own SDKs use another. */
    public static final Setting TOLERANCE = tolerance(Tolerance.DEFAULT_SECONDS);

    public static Setting tolerance(long defaultSeconds) {
        return new Setting("tolerance", Long.toString(defaultSeconds), "seconds a signed timestamp may be off, either way");
    }

    /** The source's replay window under this setting. */
    public static Tolerance tolerance(SourceSettings settings, Setting tolerance) {
        return new Tolerance(settings.positiveLong(tolerance));
    }
}
