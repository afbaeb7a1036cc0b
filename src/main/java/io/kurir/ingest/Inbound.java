package io.kurir.ingest;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.provider.FormBody;
import io.kurir.provider.JsonText;
import io.kurir.provider.Request;

/** A checked webhook as providers read it: top-level JSON fields from its {@link Payload}; form fields and nested JSON parsed on first use. */
final class Inbound implements Request {

    private final byte[] body;
    private final Function<String, String> headers;
    private final Payload payload;
    private Map<String, List<String>> form;
    private JsonNode tree;

    Inbound(byte[] body, Function<String, String> headers, Payload payload) {
        this.body = body;
        this.headers = headers;
        this.payload = payload;
    }

    @Override
    public byte[] body() {
        return body;
    }

    @Override
    public String header(String name) {
        return headers.apply(name);
    }

    @Override
    public String field(String name) {
        return payload.kind() == MediaKind.JSON ? payload.field(name) : null;
    }

    @Override
    public String formField(String name) {
        if (payload.kind() != MediaKind.FORM) {
            return null;
        }
        if (form == null) {
            form = FormBody.fields(body);
        }
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String nested(String... path) {
        if (payload.kind() != MediaKind.JSON) {
            return null;
        }
        if (tree == null) {
            tree = JsonText.tree(body);
        }
        return JsonText.at(tree, path);
    }

    Payload payload() {
        return payload;
    }
}
