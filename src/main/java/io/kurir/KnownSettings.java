package io.kurir;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.kurir.admin.AdminToken;
import io.kurir.admin.DeliveriesApi;
import io.kurir.deliver.ForwardedHeaders;
import io.kurir.deliver.OutboundSigner;
import io.kurir.deliver.RetryPolicy;
import io.kurir.fleet.Heartbeat;
import io.kurir.ingest.IngestSettings;
import io.kurir.ingest.PublicUrl;
import io.kurir.ingest.Sources;
import io.kurir.log.LogSettings;
import io.kurir.observe.Metrics;
import io.kurir.observe.StoreGauges;
import io.kurir.provider.Provider;
import io.kurir.provider.Providers;
import io.kurir.route.DestinationSettings;
import io.kurir.route.EventRouter;
import io.kurir.route.KurirComponent;
import io.kurir.route.RouteReload;
import io.kurir.store.Database;
import io.kurir.store.Retention;
import io.kurir.store.Store;

/**
 * Every `kurir.*` setting the code reads, so that one it does not (a typo) stops the start instead of
 * being ignored: the {@link Setting}s that the classes reading them declare. KnownSettingsTest finds
 * every key read in src/main/java and checks it is known. Keys that routes read as `{{kurir.…}}` are
 * known too ({@link SettingsCheck}); keys of one's own go under {@link #VARS}, which is never checked.
 */
final class KnownSettings {

    static final String VARS = "kurir.vars.";

    /** The classes that declare settings: each as `public static final Setting` fields. */
    private static final List<Class<?>> DECLARING = List.of(KurirConfiguration.class, Database.class, Store.class, EventRouter.class, Retention.class, AdminToken.class,
            DeliveriesApi.class, IngestSettings.class, PublicUrl.class, Sources.class, Heartbeat.class, RetryPolicy.class,
            DestinationSettings.class, KurirComponent.class, OutboundSigner.class, ForwardedHeaders.class, RouteReload.class,
            Metrics.class, StoreGauges.class, LogSettings.class);

    static final List<Setting<?>> DECLARED = declared();

    /** The settings of Kurir as a whole. */
    static final Set<String> KEYS = DECLARED.stream().map(Setting::key).filter(key -> !key.contains(Setting.NAME))
            .collect(Collectors.toUnmodifiableSet());

    /** Read before application.properties is: only the environment or -D can set them. */
    static final Set<String> NOT_IN_FILES = Set.of(LogSettings.FORMAT.key(), LogSettings.LEVEL.key());

    /**
     * The settings of each source and each destination, `<name>` where the name goes: their own, the
     * settings of every destination that one may set for itself, and the settings of every provider.
     */
    static final Set<String> PER_NAME = perName();

    /** Read by bin/kurir, or by application.properties as `{{env:…}}`: variables, not settings. */
    static final Set<String> VARIABLES = Set.of("KURIR_JAVA_OPTS", "KURIR_JAR", "KURIR_TLS_KEYSTORE_PASSWORD");

    private KnownSettings() {
    }

    private static List<Setting<?>> declared() {
        List<Setting<?>> settings = new ArrayList<>();
        for (Class<?> declaring : DECLARING) {
            for (Field field : declaring.getFields()) {
                if (field.getType() == Setting.class && Modifier.isStatic(field.getModifiers())) {
                    try {
                        settings.add((Setting<?>) field.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return List.copyOf(settings);
    }

    private static Set<String> perName() {
        Set<String> keys = new TreeSet<>();
        DECLARED.stream().map(Setting::key).filter(key -> key.contains(Setting.NAME)).forEach(keys::add);
        DestinationSettings.PER_DESTINATION.forEach(setting -> keys.add(setting.keyFor(Setting.NAME)));
        for (Provider provider : Providers.all()) {
            provider.settings().forEach(setting -> keys.add("kurir.source." + Setting.NAME + "." + setting.key()));
        }
        return Set.copyOf(keys);
    }

    static boolean isKnown(String key) {
        if (KEYS.contains(key) || key.startsWith(VARS)) {
            return true;
        }
        for (String perName : PER_NAME) {
            if (matches(key, before(perName), after(perName))) {
                return true;
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
        for (String perName : PER_NAME) {
            if (matches(variable, Settings.envName(before(perName)), Settings.envName(after(perName)))) {
                return true;
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
        for (String perName : PER_NAME) {
            String prefix = before(perName);
            List<String> names = new ArrayList<>(List.of(Setting.NAME));
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                for (int dot = rest.indexOf('.'); dot > 0; dot = rest.indexOf('.', dot + 1)) {
                    names.add(rest.substring(0, dot));
                }
                names.add(rest);
            }
            for (String name : names) {
                candidates.add(perName.replace(Setting.NAME, name));
            }
        }
        return candidates;
    }

    /** `kurir.source.` of `kurir.source.<name>.verify`. */
    private static String before(String perName) {
        return perName.substring(0, perName.indexOf(Setting.NAME));
    }

    /** `.verify` of `kurir.source.<name>.verify`. */
    private static String after(String perName) {
        return perName.substring(perName.indexOf(Setting.NAME) + Setting.NAME.length());
    }

    /** Whether a key (or variable) is `start`, a name of at least one character, then `end`. */
    private static boolean matches(String key, String start, String end) {
        return key.startsWith(start) && key.endsWith(end) && key.length() > start.length() + end.length();
    }
}
