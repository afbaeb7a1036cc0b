package io.kurir.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import io.kurir.Setting;
import io.kurir.Settings;
import io.kurir.provider.Provider;
import io.kurir.provider.Providers;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.UnconfiguredScheme;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every source configured in properties or the environment, built once at start-up. */
public final class Sources {

    public static final Setting<String> VERIFY = Setting.unset("kurir.source.<name>.verify", "",
            "the scheme (below); required, it is what makes `<name>` a source");
    public static final Setting<String> SECRET = Setting.unset("kurir.source.<name>.secret", "", "the shared secret of the scheme");
    public static final Setting<String> ENVIRONMENT = Setting.ofString("kurir.source.<name>.environment", "test",
            "`test` or `live`; stored with each event and passed to routes");
    public static final Setting<Double> RATE_LIMIT = Setting.ofDouble("kurir.source.<name>.rate-limit", 0,
            "requests a second (bursts of one second's worth); beyond it 429 `rate_limited` with `Retry-After`, other sources "
                    + "unaffected; 0: no limit");

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
        SourceSettings sourceSettings = new SourceSettings(name, settings::get);
        String verify = settings.get(VERIFY.of(name).key()).orElseThrow();
        Provider provider = Providers.find(verify).orElseThrow(() -> sourceSettings.invalid("verify",
                "names no known scheme: '" + verify.trim() + "'; known are " + Providers.names()));
        String environment = settings.get(ENVIRONMENT.of(name)).toLowerCase(Locale.ROOT);
        if (!environment.equals("test") && !environment.equals("live")) {
            throw new IllegalArgumentException(ENVIRONMENT.of(name).key() + " must be test or live, got '" + environment + "'");
        }
        SignatureScheme verifier = verifier(provider, sourceSettings);
        checkSecret(settings, name, provider, environment, SECRET.of(name).key());
        Set<String> secretHeaders = new HashSet<>(ALWAYS_SECRET_HEADERS);
        List<String> secretIn = new ArrayList<>();
        for (String header : provider.secretHeaders(sourceSettings)) {
            secretHeaders.add(header.toLowerCase(Locale.ROOT));
            secretIn.add("header " + header);
        }
        Optional<String> secretQuery = provider.secretQuery(sourceSettings);
        secretQuery.ifPresent(parameter -> secretIn.add("query " + parameter));
        Set<String> signatureHeaders = new HashSet<>();
        provider.signatureHeaders(sourceSettings).forEach(header -> signatureHeaders.add(header.toLowerCase(Locale.ROOT)));
        double perSecond = settings.getDouble(RATE_LIMIT.of(name));
        return new Source(name, provider, verifier, environment, Set.copyOf(secretHeaders), secretQuery.orElse(null),
                Set.copyOf(signatureHeaders), List.copyOf(secretIn), List.copyOf(provider.eventType()),
                List.copyOf(provider.idempotencyKey()), perSecond > 0 ? new RateLimit(perSecond, System.nanoTime()) : null);
    }

    /**
     * The provider's verifier for the source's secret; its settings are read even while the secret is
     * missing, so a bad one stops the start. Without a secret the source refuses every request.
     *
     * @throws IllegalArgumentException naming the property
     */
    public static SignatureScheme verifier(Provider provider, SourceSettings settings) {
        Function<String, SignatureScheme> keyed = provider.verifier(settings);
        if (!provider.needsSecret()) {
            return keyed.apply(null);
        }
        return settings.get("secret").map(keyed).orElseGet(UnconfiguredScheme::new);
    }

    /**
     * A `test` source with a missing, development or weak secret starts with a warning; a `live`
     * one refuses to start, naming the property to set.
     */
    private static void checkSecret(Settings settings, String name, Provider provider, String environment, String secretKey) {
        boolean live = environment.equals("live");
        if (!provider.needsSecret()) {
            LOG.warn("Source '{}' verifies nothing (verify=none): anyone who knows its URL can post events.", name);
            return;
        }
        Optional<String> secret = settings.get(secretKey);
        String problem = secret.isEmpty() ? "has no secret"
                : secret.get().startsWith(DEVELOPMENT_SECRET_PREFIX) ? "uses the development secret shipped in application.properties"
                : provider.weakness(secret.get());
        if (problem == null) {
            return;
        }
        String message = "Source '" + name + "' " + problem + ": set " + Settings.envName(secretKey) + " (or " + secretKey + ")";
        if (live) {
            throw new IllegalArgumentException(message + "; a live source does not start without a strong secret");
        }
        LOG.warn("{}{}", message, secret.isEmpty() ? "; every webhook to it is refused" : "");
    }
}
