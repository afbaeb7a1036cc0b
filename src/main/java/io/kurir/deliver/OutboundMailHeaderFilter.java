package io.kurir.deliver;

import org.apache.camel.Exchange;
import org.apache.camel.component.mail.MailHeaderFilterStrategy;

/** The same as {@link OutboundHeaderFilter}, for the MIME headers of outgoing mail. */
public final class OutboundMailHeaderFilter extends MailHeaderFilterStrategy {

    @Override
    protected boolean extendedFilter(Direction direction, String key, Object value, Exchange exchange) {
        return OutboundHeaderFilter.isKurirOwn(direction, key, exchange)
                || key.startsWith("whatsapp") || key.equals(EventFields.PROPERTY);
    }
}
