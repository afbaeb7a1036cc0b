package io.kurir;

import java.util.Arrays;
import java.util.Map;

import org.apache.camel.model.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Kurir: Camel Main with Kurir's configuration, `application.properties` and the routes
 * (`routes/*.yaml`, and `routes/*.java` compiled as they load).
 * With `--check` it only builds the gateway (settings read, every route created) and says whether
 * that went well, binding no port and leaving the store alone. Either way a configuration that is
 * wrong stops it with one line and exit code 78, and a start that fails otherwise with exit code 1.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    private static final String CHECK = "--check";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        boolean check = Arrays.asList(args).contains(CHECK);
        // no main class: nothing to scan for, Kurir's parts are wired in KurirConfiguration
        org.apache.camel.main.Main main = new org.apache.camel.main.Main();
        main.configure().addConfiguration(SettingsCheck.class);
        main.configure().addConfiguration(KurirConfiguration.class);
        // the working directory's file wins over the copy packaged in the jar
        main.setDefaultPropertyPlaceholderLocation("file:application.properties;optional=true,classpath:application.properties;optional=true");
        CamelKeysFromEnvironment.overrides(System.getenv()).forEach(main::addOverrideProperty);
        if (check) {
            main.addOverrideProperty("camel.server.enabled", "false");
            main.addOverrideProperty("camel.management.enabled", "false");
            main.bind(CheckOnly.NAME, Boolean.TRUE);
        }
        int exitCode;
        try {
            main.parseArguments(Arrays.stream(args).filter(arg -> !arg.equals(CHECK)).toArray(String[]::new));
            main.init();
            // every route built, with its endpoints and placeholders, before any of it starts
            main.getCamelContext().init();
            if (check) {
                LOG.info("The configuration and the {} routes are fine",
                        main.getCamelContext().getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions().size());
                exitCode = 0;
            } else {
                main.run();
                exitCode = main.getExitCode();
            }
        } catch (Exception e) {
            StartupFailure failure = StartupFailure.of(e, javaRoutes(main));
            LOG.error(failure.message());
            LOG.debug("The start failed", e);
            exitCode = failure.exitCode();
        }
        // exits also when threads started before the failure (Vert.x, the pool) would keep the JVM alive
        if (check || exitCode != 0) {
            main.completed();
            System.exit(exitCode);
        }
    }

    /** The Java DSL route files, for a compile error to name the one it is in. */
    private static Map<String, String> javaRoutes(org.apache.camel.main.Main main) {
        try {
            return main.getCamelContext() == null ? Map.of() : SettingsCheck.javaRoutes(main.getCamelContext());
        } catch (Exception | LinkageError e) {
            return Map.of();
        }
    }
}
