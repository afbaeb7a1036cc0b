package io.kurir;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Kurir: Camel Main with Kurir's configuration, `application.properties` and `routes/*.yaml`.
 * A configuration that is wrong stops it with one line and exit code 78, and a start that fails
 * otherwise with exit code 1.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        // no main class: nothing to scan for, Kurir's parts are wired in KurirConfiguration
        org.apache.camel.main.Main main = new org.apache.camel.main.Main();
        main.configure().addConfiguration(SettingsCheck.class);
        main.configure().addConfiguration(KurirConfiguration.class);
        // the working directory's file wins over the copy packaged in the jar
        main.setDefaultPropertyPlaceholderLocation("file:application.properties;optional=true,classpath:application.properties;optional=true");
        CamelKeysFromEnvironment.overrides(System.getenv()).forEach(main::addOverrideProperty);
        int exitCode;
        try {
            main.parseArguments(args);
            main.init();
            // every route built, with its endpoints and placeholders, before any of it starts
            main.getCamelContext().init();
            main.run();
            exitCode = main.getExitCode();
        } catch (Exception e) {
            StartupFailure failure = StartupFailure.of(e);
            LOG.error(failure.message());
            LOG.debug("The start failed", e);
            exitCode = failure.exitCode();
        }
        // exits also when threads started before the failure (Vert.x, the pool) would keep the JVM alive
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }
}
