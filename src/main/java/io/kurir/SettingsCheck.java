package io.kurir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.ToolProvider;

import io.kurir.log.LogSettings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.OrderedLocationProperties;

/**
 * Stops the start, before anything else happens, on a `kurir.*` key (in application.properties or a
 * `-D`) or a `KURIR_*` environment variable that nothing reads: a typo would otherwise start silently
 * and, say, leave a source without its scheme. Known are the keys of {@link KnownSettings} and those
 * the routes read as `{{kurir.…}}`; the error names the nearest known one. Java DSL route files need
 * a JDK to be compiled: on a runtime without javac they stop the start here, in one line.
 */
public final class SettingsCheck implements CamelConfiguration {

    /** `{{kurir.x}}`, `{{?kurir.x}}`, `{{kurir.x:default}}`, `${properties:kurir.x}`; and `{{env:KURIR_X}}`. */
    private static final Pattern KEY_IN_ROUTE = Pattern.compile("(?:\\{\\{\\??|properties:)(kurir(?:\\.[A-Za-z0-9_-]+)+)");
    private static final Pattern VARIABLE_IN_ROUTE = Pattern.compile("\\{\\{\\??env:(KURIR_[A-Z0-9_]+)");

    @Override
    public void configure(CamelContext context) throws Exception {
        LogSettings.problem().ifPresent(problem -> {
            throw new ConfigurationError(problem);
        });
        Set<String> routeKeys = new TreeSet<>();
        Set<String> routeVariables = new TreeSet<>();
        for (String text : routeTexts(context)) {
            collect(KEY_IN_ROUTE.matcher(text), routeKeys);
            collect(VARIABLE_IN_ROUTE.matcher(text), routeVariables);
        }
        Map<String, String> javaRoutes = javaRoutes(context);
        if (!javaRoutes.isEmpty() && ToolProvider.getSystemJavaCompiler() == null) {
            throw new ConfigurationError(String.join(", ", javaRoutes.values()) + ": Java DSL routes are compiled at start-up, "
                    + "and this Java runtime (" + System.getProperty("java.home") + ") has no compiler: run Kurir on a JDK 17 or later, "
                    + "or remove them");
        }
        List<String> problems = new ArrayList<>();
        Properties files = context.getPropertiesComponent().loadProperties(key -> key.startsWith("kurir."));
        for (String key : new TreeSet<>(files.stringPropertyNames())) {
            String where = files instanceof OrderedLocationProperties located ? located.getLocation(key) : null;
            if (KnownSettings.NOT_IN_FILES.contains(key) && !"override".equals(where)) {
                problems.add(key + (where == null ? "" : " in " + where) + " has no effect (the log starts before the file is read): "
                        + "set " + Settings.envName(key) + " in the environment");
            } else if (!KnownSettings.isKnown(key) && !routeKeys.contains(key)) {
                problems.add(key + (where == null ? "" : " (in " + where + ")") + " is not a Kurir setting: did you mean "
                        + nearest(key, routeKeys, false) + "? Settings of your own go under " + KnownSettings.VARS + "*");
            }
        }
        for (String key : new TreeSet<>(System.getProperties().stringPropertyNames())) {
            if (key.startsWith("kurir.") && !KnownSettings.isKnown(key) && !routeKeys.contains(key)) {
                problems.add("-D" + key + " is not a Kurir setting: did you mean " + nearest(key, routeKeys, false)
                        + "? Settings of your own go under " + KnownSettings.VARS + "*");
            }
        }
        for (String variable : new TreeSet<>(System.getenv().keySet())) {
            if (variable.startsWith("KURIR_") && !routeVariables.contains(variable) && !KnownSettings.isKnownVariable(variable, routeKeys)) {
                problems.add(variable + " is not a Kurir setting: did you mean " + nearest(variable, routeKeys, true)
                        + "? Settings of your own go under " + Settings.envName(KnownSettings.VARS) + "*");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationError(String.join("; ", problems));
        }
    }

    /** The known key (or its variable) least edits away from a misspelt one. */
    static String nearest(String misspelt, Set<String> routeKeys, boolean variable) {
        String asKey = variable ? misspelt.toLowerCase(Locale.ROOT).replace('_', '.') : misspelt;
        return KnownSettings.candidates(asKey, routeKeys).stream()
                .map(candidate -> variable ? Settings.envName(candidate) : candidate)
                .distinct()
                .min(Comparator.comparingInt((String candidate) -> editDistance(misspelt, candidate)).thenComparing(c -> c))
                .orElseThrow();
    }

    /** Levenshtein: insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static void collect(Matcher matcher, Set<String> into) {
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    /** The texts of the route files Camel Main loads. */
    private static List<String> routeTexts(CamelContext context) throws Exception {
        List<String> texts = new ArrayList<>();
        for (Resource resource : routeFiles(context)) {
            try (InputStream in = resource.getInputStream()) {
                texts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return texts;
    }

    /** The Java DSL route files Camel Main loads, by file name: `ShopReturns.java` to `routes/ShopReturns.java`. */
    static Map<String, String> javaRoutes(CamelContext context) throws Exception {
        Map<String, String> files = new TreeMap<>();
        for (Resource resource : routeFiles(context)) {
            String path = resource.getLocation().replaceFirst("^file:", "");
            if (path.endsWith(".java")) {
                files.put(path.substring(path.lastIndexOf('/') + 1), path);
            }
        }
        return files;
    }

    /** The route files Camel Main loads (`camel.main.routes-include-pattern`). */
    private static List<Resource> routeFiles(CamelContext context) throws Exception {
        String patterns = context.getPropertiesComponent().resolveProperty("camel.main.routes-include-pattern")
                .or(() -> context.getPropertiesComponent().resolveProperty("camel.main.routesIncludePattern"))
                .orElse("");
        List<Resource> files = new ArrayList<>();
        for (String pattern : patterns.split(",")) {
            if (!pattern.isBlank()) {
                files.addAll(PluginHelper.getPackageScanResourceResolver(context).findResources(pattern.trim()));
            }
        }
        return files;
    }
}
