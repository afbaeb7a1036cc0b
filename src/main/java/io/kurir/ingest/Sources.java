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
    private static final int MIN_SECRET_LENGTH = 16;
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
        checkSecret(settings, name, scheme, environment, prefix + "secret");

        Set<String> secretHeaders = new HashSet<>(ALWAYS_SECRET_HEADERS);
        String secretQuery = null;
        if (scheme.equals("biteship") || scheme.equals("token")) {
            secretQuery = scheme.equals("token") ? settings.get(prefix + "query").orElse(null) : null;
            String defaultHeader = scheme.equals("biteship") ? "X-Biteship-Signature" : "X-Kurir-Token";
            secretHeaders.add(settings.get(prefix + "header", defaultHeader).toLowerCase(Locale.ROOT));
        }
        double perSecond = settings.getDouble(prefix + "rate-limit", 0);
        return new Source(name, scheme, SignatureSchemes.create(scheme, schemeSettings), environment,
                Set.copyOf(secretHeaders), secretQuery, perSecond > 0 ? new RateLimit(perSecond, System.nanoTime()) : null);
    }

    /**
     * A `test` source with a missing, development or weak secret starts with a warning; a `live`
     * one refuses to start, naming the property to set.
     */
    private static void checkSecret(Settings settings, String name, String scheme, String environment, String secretKey) {
        boolean live = environment.equals("live");
        if (!SignatureSchemes.needsSecret(scheme)) {
            LOG.warn("Source '{}' verifies nothing (verify=none): anyone who knows its URL can post events.", name);
            return;
        }
        Optional<String> secret = settings.get(secretKey);
        String problem = secret.isEmpty() ? "has no secret"
                : secret.get().startsWith(DEVELOPMENT_SECRET_PREFIX) ? "uses the development secret shipped in application.properties"
                : weakness(scheme, secret.get());
        if (problem == null) {
            return;
        }
        String message = "Source '" + name + "' " + problem + ": set " + Settings.envName(secretKey) + " (or " + secretKey + ")";
        if (live) {
            throw new IllegalArgumentException(message + "; a live source does not start without a strong secret");
        }
        LOG.warn("{}{}", message, secret.isEmpty() ? "; every webhook to it is refused" : "");
    }

    /** Null when the secret is strong enough; Sendcloud's dashboard rule for its sources, a length for the rest. */
    static String weakness(String scheme, String secret) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            return "has a secret shorter than " + MIN_SECRET_LENGTH + " characters";
        }
        if (scheme.equals("sendcloud") && !(secret.chars().anyMatch(Character::isDigit) && secret.chars().anyMatch(Character::isUpperCase)
                && secret.chars().anyMatch(Character::isLowerCase) && secret.chars().anyMatch(c -> !Character.isLetterOrDigit(c)))) {
            return "has a secret that Sendcloud would not accept (it needs a digit, an upper-case and a lower-case letter and a special character)";
        }
        return null;
    }
}
