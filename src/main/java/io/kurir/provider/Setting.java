package io.kurir.provider;

import io.kurir.verify.Tolerance;

/** A provider's own setting `kurir.source.<name>.<key>`; `defaultValue` empty when it has none. */
public record Setting(String key, String defaultValue, String meaning) {

    /** The replay window of the schemes that sign a timestamp. */
    public static Setting tolerance() {
        return new Setting("tolerance", Long.toString(Tolerance.DEFAULT_SECONDS), "seconds a signed timestamp may be off, either way");
    }

    public static Tolerance tolerance(SourceSettings settings) {
        return new Tolerance(settings.positiveLong("tolerance", Tolerance.DEFAULT_SECONDS));
    }
}
