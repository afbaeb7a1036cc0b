package io.kurir.deliver;

import java.util.Locale;
import java.util.Set;

import io.kurir.route.EventHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;

/**
 * Keeps Kurir's own headers and the event's labels out of outbound HTTP requests: they are for
 * routes to read, not for downstream systems.
 */
public final class OutboundHeaderFilter extends HttpHeaderFilterStrategy {

    public OutboundHeaderFilter() {
        setOutFilterStartsWith("Camel", "camel", "org.apache.camel.", "kurir", "Kurir");
    }

    @Override
    protected boolean extendedFilter(Direction direction, String key, Object value, Exchange exchange) {
        return isKurirOwn(direction, key, exchange);
    }

    /** True for a header that only Kurir's routes should see: `kurir*` and the event's labels. */
    static boolean isKurirOwn(Direction direction, String key, Exchange exchange) {
        if (direction != Direction.OUT || exchange == null) {
            return false;
        }
        Set<?> labels = exchange.getProperty(EventHeaders.LABEL_NAMES, Set.class);
        return labels != null && labels.contains(key) || key.toLowerCase(Locale.ROOT).startsWith("kurir");
    }
}
