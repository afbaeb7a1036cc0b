package io.kurir.route;

import io.kurir.ConfigurationError;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;

/**
 * A destination's ordering key (`kurir.destination.<name>.order-key`): a Camel expression evaluated on
 * the source route's exchange as it reaches `to: kurir:destination:<name>` (the event's body, unless
 * the route changed it, and its headers), once, when the delivery is created. Simple when it holds
 * `${…}` (`${jsonpath($.order_id)}`, `${header.kurirSource}-${jsonpath($.id)}`), JSONPath when it
 * starts with `$` (`$.order_id`). No key (null or blank) leaves that delivery unordered; an expression
 * that fails fails the route, so the event is routed again later rather than delivered out of order.
 */
final class OrderKey {

    /** The longest key stored (deliveries.order_key); a longer one is cut, which can only order more. */
    static final int MAX_LENGTH = 200;

    private final String setting;
    private final String text;
    private final Expression expression;

    private OrderKey(String setting, String text, Expression expression) {
        this.setting = setting;
        this.text = text;
        this.expression = expression;
    }

    static OrderKey of(CamelContext context, String setting, String text) {
        String language = !text.contains("${") && text.startsWith("$") ? "jsonpath" : "simple";
        try {
            Expression expression = context.resolveLanguage(language).createExpression(text);
            expression.init(context);
            return new OrderKey(setting, text, expression);
        } catch (RuntimeException e) {
            throw new ConfigurationError(setting + " = " + text + " is not a valid " + language + " expression: " + e.getMessage());
        }
    }

    /** The key of this exchange's event, or null when the expression finds none. */
    String evaluate(Exchange exchange) {
        Object value;
        try {
            value = expression.evaluate(exchange, Object.class);
        } catch (RuntimeException e) {
            throw new IllegalStateException(setting + " (" + text + ") could not be evaluated on event "
                    + exchange.getMessage().getHeader(EventHeaders.EVENT_ID) + ": " + e.getMessage(), e);
        }
        if (exchange.getException() != null) {
            // some languages report a failure on the exchange rather than by throwing
            Exception failure = exchange.getException();
            exchange.setException(null);
            throw new IllegalStateException(setting + " (" + text + ") could not be evaluated on event "
                    + exchange.getMessage().getHeader(EventHeaders.EVENT_ID) + ": " + failure.getMessage(), failure);
        }
        if (value == null) {
            return null;
        }
        String key = exchange.getContext().getTypeConverter().convertTo(String.class, exchange, value);
        if (key == null || key.isBlank()) {
            return null;
        }
        key = key.replace("\u0000", "");
        return key.length() <= MAX_LENGTH ? key : key.substring(0, MAX_LENGTH);
    }
}
