package io.kurir;

/**
 * A setting that is missing, misspelt or wrong, said in one line that names it: Kurir stops with this
 * line alone (no stack trace) and exit code {@value #EXIT_CODE}, so a supervisor need not restart it
 * until someone has fixed the configuration.
 */
public final class ConfigurationError extends RuntimeException {

    /** EX_CONFIG of sysexits.h; systemd's `RestartPreventExitStatus=78` stops restarting on it. */
    public static final int EXIT_CODE = 78;

    public ConfigurationError(String message) {
        super(message, null, false, false);
    }
}
