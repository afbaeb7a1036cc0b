package io.kurir;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.kurir.provider.Provider;
import io.kurir.provider.Providers;

/**
 * Every `kurir.*` setting the code reads, so that one it does not (a typo) stops the start instead of
 * being ignored. KnownSettingsTest finds every key read in src/main/java and checks it is here. Keys
 * that routes read as `{{kurir.…}}` are known too ({@link SettingsCheck}); keys of one's own go under
 * {@link #VARS}, which is never checked.
 */
final class KnownSettings {

    static final String VARS = "kurir.vars.";

    static final Set<String> KEYS = Set.of(
            "kurir.admin.token",
            "kurir.db.url", "kurir.db.user", "kurir.db.password", "kurir.db.pool-size", "kurir.db.connection-timeout",
            "kurir.db.statement-timeout", "kurir.db.startup-timeout", "kurir.db.user-migrations",
            "kurir.ingest.max-body-bytes", "kurir.ingest.max-bytes-in-flight", "kurir.ingest.read-timeout",
            "kurir.ingest.store-timeout", "kurir.ingest.commit-delay", "kurir.ingest.commit-delay-below",
            "kurir.ingest.trusted-proxies", "kurir.public-url",
            "kurir.http.worker-threads", "kurir.http.allow-private",
            "kurir.routes.reload", "kurir.route.threads", "kurir.route.recovery-interval", "kurir.route.retry-delay", "kurir.route.max-queued-bytes",
            "kurir.deliver.batch", "kurir.deliver.concurrency", "kurir.deliver.poll-interval", "kurir.deliver.lease",
            "kurir.deliver.breaker.failures", "kurir.deliver.breaker.open",
            "kurir.retry.max-attempts", "kurir.retry.initial-delay", "kurir.retry.max-delay", "kurir.retry.multiplier",
            "kurir.instance.id", "kurir.instance.timeout",
            "kurir.replay.rate", "kurir.retention.days", "kurir.retention.interval",
            "kurir.metrics.enabled", "kurir.metrics.store-interval",
            "kurir.log.format", "kurir.log.level");

    /** Read before application.properties is: only the environment or -D can set them. */
    static final Set<String> NOT_IN_FILES = Set.of("kurir.log.format", "kurir.log.level");

    /** `kurir.source.<name>.verify`: settings of each source and each destination. */
    static final Map<String, Set<String>> PER_NAME = Map.of(
            "kurir.source.", sourceKeys(),
            "kurir.destination.", Set.of("concurrency", "signing-secret", "forward-headers", "lease", "batch", "breaker.failures", "breaker.open",
                    "order-key", "order-after-dead",
                    "retry.max-attempts", "retry.initial-delay", "retry.max-delay", "retry.multiplier"));

    /** Read by bin/kurir, or by application.properties as `{{env:…}}`: variables, not settings. */
    static final Set<String> VARIABLES = Set.of("KURIR_JAVA_OPTS", "KURIR_JAR", "KURIR_TLS_KEYSTORE_PASSWORD");

    private KnownSettings() {
    }

    /** Every source's own keys, and the settings of every provider. */
    private static Set<String> sourceKeys() {
        Set<String> keys = new TreeSet<>(Set.of("verify", "secret", "environment", "rate-limit"));
        for (Provider provider : Providers.all()) {
            provider.settings().forEach(setting -> keys.add(setting.key()));
        }
        return Set.copyOf(keys);
    }

    static boolean isKnown(String key) {
        if (KEYS.contains(key) || key.startsWith(VARS)) {
            return true;
        }
        for (Map.Entry<String, Set<String>> perName : PER_NAME.entrySet()) {
            for (String suffix : perName.getValue()) {
                String end = "." + suffix;
                if (key.startsWith(perName.getKey()) && key.endsWith(end) && key.length() > perName.getKey().length() + end.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The environment variable counterpart: `KURIR_SOURCE_MY_SHOP_VERIFY` is known. */
    static boolean isKnownVariable(String variable, Set<String> alsoKnownKeys) {
        if (VARIABLES.contains(variable) || variable.startsWith(Settings.envName(VARS))) {
            return true;
        }
        for (String key : KEYS) {
            if (Settings.envName(key).equals(variable)) {
                return true;
            }
        }
        for (String key : alsoKnownKeys) {
            if (Settings.envName(key).equals(variable)) {
                return true;
            }
        }
        for (Map.Entry<String, Set<String>> perName : PER_NAME.entrySet()) {
            String start = Settings.envName(perName.getKey());
            for (String suffix : perName.getValue()) {
                String end = "_" + Settings.envName(suffix);
                if (variable.startsWith(start) && variable.endsWith(end) && variable.length() > start.length() + end.length()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The known keys a misspelt one may have meant: every key, and each per-name setting with the name
     * the misspelt key seems to carry (every way of cutting it at a dot), else `<name>`.
     */
    static List<String> candidates(String key, Set<String> alsoKnownKeys) {
        List<String> candidates = new ArrayList<>(KEYS);
        candidates.addAll(alsoKnownKeys);
        for (Map.Entry<String, Set<String>> perName : PER_NAME.entrySet()) {
            String prefix = perName.getKey();
            List<String> names = new ArrayList<>(List.of("<name>"));
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                for (int dot = rest.indexOf('.'); dot > 0; dot = rest.indexOf('.', dot + 1)) {
                    names.add(rest.substring(0, dot));
                }
                names.add(rest);
            }
            for (String name : names) {
                for (String suffix : perName.getValue()) {
                    candidates.add(prefix + name + "." + suffix);
                }
            }
        }
        return candidates;
    }
}
