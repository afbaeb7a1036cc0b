package io.kurir.deliver;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.kurir.ConfigurationError;
import io.kurir.Setting;
import io.kurir.Settings;
import io.kurir.provider.Providers;
import io.kurir.provider.SourceSettings;
import io.kurir.store.StoredEvent;
import org.apache.camel.Message;

/**
 * `kurir.destination.<name>.forward-headers`: headers of the original webhook (such as `X-GitHub-Event`)
 * sent on to the destination as they came. A secret or a signature is never among them: naming one
 * stops the start, and at delivery a header the event's source signs or authenticates with is left out,
 * as is any value the store masked.
 */
public final class ForwardedHeaders {

    public static final Setting<String> FORWARD_HEADERS = Setting.ofString("kurir.destination.<name>.forward-headers", "",
            "headers of the original webhook copied onto the destination's message, comma-separated (e.g. `X-GitHub-Event, "
                    + "X-Shopify-Topic`); never one that carries a secret or a signature");

    private static final Set<String> NEVER = Set.of("authorization", "proxy-authorization", "cookie", "host", "content-length",
            "content-type", "transfer-encoding", "connection");
    private static final String MASKED = "***";
    /** No settings of a source: a provider's headers by default. */
    private static final SourceSettings DEFAULTS = new SourceSettings("-", key -> Optional.empty());

    private final List<String> names;
    private final Settings settings;
    /** By source: the headers its provider signs or authenticates with, as configured. */
    private final Map<String, Set<String>> withheld = new ConcurrentHashMap<>();

    private ForwardedHeaders(List<String> names, Settings settings) {
        this.names = names;
        this.settings = settings;
    }

    /** @throws ConfigurationError when the list names a header that carries a secret or a signature */
    public static ForwardedHeaders forDestination(Settings settings, String destination) {
        Setting<String> setting = FORWARD_HEADERS.of(destination);
        String key = setting.key();
        List<String> names = Arrays.stream(settings.get(setting).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean signature = Providers.all().stream().anyMatch(p -> lowerCase(p.signatureHeaders(DEFAULTS)).contains(lower)
                    || lowerCase(p.secretHeaders(DEFAULTS)).contains(lower));
            if (NEVER.contains(lower) || signature) {
                throw new ConfigurationError(key + " names " + name + ", which carries a secret, a signature or the request's own "
                        + "framing: it is never forwarded");
            }
        }
        return new ForwardedHeaders(names, settings);
    }

    /** Copies the listed headers the event came with onto the message, but what its source keeps secret or signs with. */
    public void copy(StoredEvent event, Message message) {
        if (names.isEmpty() || event.headers() == null) {
            return;
        }
        Map<String, String> sent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sent.putAll(event.headers());
        Set<String> withheldBySource = withheld.computeIfAbsent(event.source(), this::withheldBy);
        for (String name : names) {
            String value = sent.get(name);
            if (value != null && !value.equals(MASKED) && !withheldBySource.contains(name.toLowerCase(Locale.ROOT))) {
                message.setHeader(name, value);
            }
        }
    }

    private Set<String> withheldBy(String source) {
        SourceSettings sourceSettings = new SourceSettings(source, settings::get);
        return sourceSettings.get("verify").flatMap(Providers::find)
                .map(p -> union(lowerCase(p.signatureHeaders(sourceSettings)), lowerCase(p.secretHeaders(sourceSettings))))
                .orElse(Set.of());
    }

    private static Set<String> lowerCase(Set<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
