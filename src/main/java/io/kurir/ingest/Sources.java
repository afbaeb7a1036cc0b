package io.kurir.ingest;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.kurir.Settings;
import io.kurir.verify.SchemeSettings;
import io.kurir.verify.SignatureSchemes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every source configured in properties or the environment, built once at start-up. */
public final class Sources {

    /** Secrets shipped in application.properties start with this, so they can be recognised and warned about. */
    public static final String DEVELOPMENT_SECRET_PREFIX = "dev-";

    private static final Logger LOG = LoggerFactory.getLogger(Sources.class);
    private static final Set<String> ALWAYS_SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    private final Map<String, Source> byName = new TreeMap<>();

    public Sources(Settings settings) {
        for (String name : settings.namesWith("kurir.source", "verify")) {
            byName.put(name, build(settings, name));
        }
        if (byName.isEmpty()) {
            LOG.warn("No sources are configured: every webhook will get 404. Add kurir.source.<name>.verify to application.properties.");
        }
    }

    public Optional<Source> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Map<String, Source> all() {
        return byName;
    }

    private static Source build(Settings settings, String name) {
        String prefix = "kurir.source." + name + ".";
        SchemeSettings schemeSettings = new SchemeSettings() {
            @Override
            public Optional<String> get(String key) {
                return settings.get(prefix + key);
            }

            @Override
            public String propertyName(String key) {
                return prefix + key;
            }
        };
        String scheme = settings.get(prefix + "verify").orElseThrow().toLowerCase(Locale.ROOT);
        String environment = settings.get(prefix + "environment", "test").toLowerCase(Locale.ROOT);
        if (!environment.equals("test") && !environment.equals("live")) {
            throw new IllegalArgumentException(prefix + "environment must be test or live, got '" + environment + "'");
        }
        warnAboutSecret(settings, name, scheme, prefix + "secret");

        Set<String> secretHeaders = new HashSet<>(ALWAYS_SECRET_HEADERS);
        String secretQuery = null;
        if (scheme.equals("biteship") || scheme.equals("token")) {
            secretQuery = scheme.equals("token") ? settings.get(prefix + "query").orElse(null) : null;
            String defaultHeader = scheme.equals("biteship") ? "X-Biteship-Signature" : "X-Kurir-Token";
            secretHeaders.add(settings.get(prefix + "header", defaultHeader).toLowerCase(Locale.ROOT));
        }
        return new Source(name, scheme, SignatureSchemes.create(scheme, schemeSettings), environment,
                Set.copyOf(secretHeaders), secretQuery);
    }

    private static void warnAboutSecret(Settings settings, String name, String scheme, String secretKey) {
        if (!SignatureSchemes.needsSecret(scheme)) {
            LOG.warn("Source '{}' verifies nothing (verify=none): anyone who knows its URL can post events.", name);
            return;
        }
        Optional<String> secret = settings.get(secretKey);
        if (secret.isEmpty()) {
            LOG.warn("Source '{}' has no secret, so every webhook to it is refused: set {} (or {}).",
                    name, Settings.envName(secretKey), secretKey);
        } else if (secret.get().startsWith(DEVELOPMENT_SECRET_PREFIX)) {
            LOG.warn("Source '{}' uses the development secret shipped in application.properties: set {} to the sender's real secret.",
                    name, Settings.envName(secretKey));
        }
    }
}
