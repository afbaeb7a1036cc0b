package io.kurir.route;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which query parameters of a hook URL may become labels. Labels reach routes as message headers,
 * and nothing signs a query string, so a name that Camel or a producer reads as an instruction
 * (`CamelHttpUri`, `To`, `Content-Type`, …) must never get there: anyone who knows the URL could
 * steer a delivery with it.
 */
public final class Labels {

    private static final Set<String> RESERVED = Set.of(
            "content-type", "content-length", "content-encoding", "transfer-encoding", "host", "authorization", "cookie",
            "to", "cc", "bcc", "from", "subject", "reply-to", "sender", "return-path", "breadcrumbid",
            "webhook-id", "webhook-timestamp", "webhook-signature", "whatsappto", "whatsapptemplate", "whatsapplanguage");

    private Labels() {
    }

    public static boolean allowed(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.isBlank() && name.length() <= 100 && !lower.startsWith("camel") && !lower.startsWith("kurir")
                && !lower.startsWith("org.apache.camel") && !RESERVED.contains(lower);
    }

    /** The allowed labels only. */
    public static Map<String, String> of(Map<String, String> candidates) {
        Map<String, String> labels = new LinkedHashMap<>();
        candidates.forEach((name, value) -> {
            if (allowed(name)) {
                labels.put(name, value);
            }
        });
        return labels;
    }
}
