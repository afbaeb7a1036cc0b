package io.kurir.deliver;

import java.util.LinkedHashMap;
import java.util.Map;

import io.kurir.Json;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.Processor;

/**
 * A field mapping declared in a YAML route: output field → Camel simple expression. The result is
 * a JSON object built with Jackson, so values are always escaped correctly.
 *
 * <pre>
 * - beans:
 *     - name: crmLead
 *       type: io.kurir.deliver.JsonMapping
 *       properties:
 *         fields:
 *           full_name: "${body[name]}"
 * </pre>
 */
public final class JsonMapping implements Processor {

    private final Map<String, String> fields = new LinkedHashMap<>();
    private volatile Map<String, Expression> expressions;

    /** The YAML DSL binds `fields.<name>` into this map, in the order written. */
    public Map<String, String> getFields() {
        return fields;
    }

    public void setFields(Map<String, String> fields) {
        this.fields.clear();
        this.fields.putAll(fields);
        this.expressions = null;
    }

    @Override
    public void process(Exchange exchange) {
        Map<String, Object> out = new LinkedHashMap<>();
        compiled(exchange).forEach((name, expression) -> out.put(name, expression.evaluate(exchange, Object.class)));
        exchange.getMessage().setBody(Json.write(out));
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
    }

    private Map<String, Expression> compiled(Exchange exchange) {
        Map<String, Expression> compiled = expressions;
        if (compiled == null) {
            compiled = new LinkedHashMap<>();
            for (Map.Entry<String, String> field : fields.entrySet()) {
                Expression expression = exchange.getContext().resolveLanguage("simple").createExpression(field.getValue());
                expression.init(exchange.getContext());
                compiled.put(field.getKey(), expression);
            }
            expressions = compiled;
        }
        return compiled;
    }
}
