package io.kurir.verify;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Builds the scheme a source names in {@code kurir.source.<name>.verify}, from that source's settings. */
public final class SignatureSchemes {

    private static final String NONE = "none";
    private static final Set<String> NAMES = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            "biteship", "sendcloud", "standard-webhooks", "github", "stripe", "shopify", "slack", "hmac", "basic", "token",
            NONE)));
    private static final Map<String, String> ALGORITHMS =
            Map.of("sha-1", "HmacSHA1", "sha-256", "HmacSHA256", "sha-512", "HmacSHA512");
    private static final Map<String, HmacScheme.Encoding> ENCODINGS =
            Map.of("hex", HmacScheme.Encoding.HEX, "base64", HmacScheme.Encoding.BASE64);

    private SignatureSchemes() {
    }

    /** The scheme names, in the order the documentation lists them. */
    public static Set<String> names() {
        return NAMES;
    }

    /** False only for {@code none}; every other scheme rejects all requests until a secret is set. */
    public static boolean needsSecret(String schemeName) {
        return !NONE.equals(normalise(schemeName));
    }

    /**
     * @throws IllegalArgumentException naming the property, when the scheme is unknown or a setting is missing or
     *                                  invalid; a missing {@code secret} is not an error, the scheme then rejects
     *                                  every request
     */
    public static SignatureScheme create(String schemeName, SchemeSettings settings) {
        String name = normalise(schemeName);
        if (NONE.equals(name)) {
            return new NoneScheme();
        }
        SettingsReader reader = new SettingsReader(settings);
        Keyed keyed = keyed(name, reader);
        return reader.get("secret").map(keyed::create).orElseGet(UnconfiguredScheme::new);
    }

    /** A scheme whose settings are read but for the secret, so bad settings fail at start-up even without it. */
    private interface Keyed {
        SignatureScheme create(String secret);
    }

    private static Keyed keyed(String name, SettingsReader settings) {
        return switch (name) {
            case "biteship" -> {
                String header = settings.get("header", BiteshipScheme.DEFAULT_HEADER);
                yield secret -> new BiteshipScheme(header, secret);
            }
            case "sendcloud" -> SendcloudScheme::new;
            case "standard-webhooks" -> {
                Tolerance tolerance = tolerance(settings);
                yield secret -> new StandardWebhooksScheme(standardWebhooksKey(secret, settings), tolerance);
            }
            case "github" -> GithubScheme::new;
            case "stripe" -> {
                Tolerance tolerance = tolerance(settings);
                yield secret -> new StripeScheme(secret, tolerance);
            }
            case "shopify" -> ShopifyScheme::new;
            case "slack" -> {
                Tolerance tolerance = tolerance(settings);
                yield secret -> new SlackScheme(secret, tolerance);
            }
            case "hmac" -> hmac(settings);
            case "basic" -> {
                String username = settings.get("username", BasicScheme.DEFAULT_USERNAME);
                yield secret -> new BasicScheme(username, secret);
            }
            case "token" -> token(settings);
            default -> throw settings.invalid("verify",
                    "names no known scheme: '" + name + "'; known are " + String.join(", ", NAMES));
        };
    }

    private static Keyed hmac(SettingsReader settings) {
        String header = settings.required("header");
        String algorithm = settings.oneOf("algorithm", "SHA-256", ALGORITHMS);
        HmacScheme.Encoding encoding = settings.oneOf("encoding", "hex", ENCODINGS);
        String prefix = settings.get("prefix", "");
        return secret -> new HmacScheme(header, algorithm, encoding, prefix, secret);
    }

    private static Keyed token(SettingsReader settings) {
        Optional<String> query = settings.get("query");
        if (query.isEmpty()) {
            String header = settings.get("header", TokenScheme.DEFAULT_HEADER);
            return secret -> TokenScheme.inHeader(header, secret);
        }
        if (settings.get("header").isPresent()) {
            throw settings.invalid("query", "and " + settings.propertyName("header") + " are both set; set one");
        }
        return secret -> TokenScheme.inQuery(query.get(), secret);
    }

    private static byte[] standardWebhooksKey(String secret, SettingsReader settings) {
        try {
            return StandardWebhooks.key(secret);
        } catch (IllegalArgumentException e) {
            throw settings.invalid("secret", "must be whsec_ followed by base64");
        }
    }

    private static Tolerance tolerance(SettingsReader settings) {
        return new Tolerance(settings.positiveLong("tolerance", Tolerance.DEFAULT_SECONDS));
    }

    private static String normalise(String schemeName) {
        return schemeName == null ? "" : schemeName.trim().toLowerCase(Locale.ROOT);
    }
}
