package io.kurir;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.PropertyBindingException;

/**
 * What stopped the start, as the one line Kurir prints before it exits, and the exit code: 78 for a
 * configuration to fix (a setting, a route), 1 for anything else (the port is taken, the store is down).
 */
record StartupFailure(String message, int exitCode) {

    /** Camel's words for a `{{placeholder}}` nothing sets. */
    private static final Pattern MISSING_PROPERTY = Pattern.compile("Property with key \\[([^\\]]+)\\] not found");
    /** Kurir's own checks throw IllegalArgumentException naming the setting: `kurir.x must be …`, `… set KURIR_X`. */
    private static final Pattern NAMES_A_SETTING = Pattern.compile("kurir\\.[a-z]|KURIR_[A-Z]");
    /** javac's first error in a Java DSL route: `/ShopReturns.java:12: error: ';' expected` (a package adds its path). */
    private static final Pattern JAVAC_ERROR = Pattern.compile("(?:^|\\s)\\S*?([^/\\s]+\\.java):(\\d+): error: (.+)$", Pattern.MULTILINE);
    private static final Pattern JAVAC_COUNT = Pattern.compile("^(\\d+) errors?$", Pattern.MULTILINE);

    static StartupFailure of(Throwable failure) {
        return of(failure, Map.of());
    }

    /**
     * @param javaRoutes the Java DSL route files by file name (`ShopReturns.java` to `routes/ShopReturns.java`),
     *                   so that a compile error names the file as the operator wrote it
     */
    static StartupFailure of(Throwable failure, Map<String, String> javaRoutes) {
        String route = "";
        boolean creatingRoute = false;
        Throwable deepest = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            deepest = t;
            if (t instanceof FailedToCreateRouteException created) {
                route = "route '" + created.getRouteId() + "': ";
                creatingRoute = true;
            } else if (t instanceof FailedToStartRouteException started) {
                route = "route '" + started.getRouteId() + "': ";
            }
            Matcher missing = MISSING_PROPERTY.matcher(String.valueOf(t.getMessage()));
            Matcher compile = JAVAC_ERROR.matcher(String.valueOf(t.getMessage()));
            if (t.getClass().getName().equals("org.joor.ReflectException") && compile.find()) {
                Matcher count = JAVAC_COUNT.matcher(t.getMessage());
                int errors = count.find() ? Integer.parseInt(count.group(1)) : 1;
                return configuration(javaRoutes.getOrDefault(compile.group(1), compile.group(1)) + " line " + compile.group(2)
                        + " does not compile: " + compile.group(3).strip() + (errors > 1 ? " (and " + (errors - 1) + " more errors)" : ""));
            } else if (t instanceof ConfigurationError) {
                return configuration(route + t.getMessage());
            } else if (t instanceof CannotListen) {
                return new StartupFailure(t.getMessage(), 1);
            } else if (missing.find()) {
                String key = missing.group(1);
                return configuration(route + key + " is not set: set " + Settings.envName(key) + ", or " + key + " in application.properties");
            } else if (t instanceof PropertyBindingException
                    || t instanceof IllegalArgumentException && NAMES_A_SETTING.matcher(String.valueOf(t.getMessage())).find()) {
                return configuration(route + t.getMessage());
            }
        }
        // a route that cannot be built (an unknown endpoint option, a bean that is not there) is the configuration's too
        String message = route + deepest.getMessage();
        return creatingRoute ? configuration(message) : new StartupFailure("Kurir did not start: " + oneLine(message), 1);
    }

    private static StartupFailure configuration(String message) {
        return new StartupFailure("Configuration error: " + oneLine(message), ConfigurationError.EXIT_CODE);
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
