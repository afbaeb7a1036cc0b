package io.kurir.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.kurir.provider.Request;
import io.netty.handler.codec.http.QueryStringDecoder;

/** A checked webhook as providers read it: JSON fields from its {@link Payload}, form fields decoded on first use. */
final class Inbound implements Request {

    private final byte[] body;
    private final Function<String, String> headers;
    private final Payload payload;
    private Map<String, List<String>> form;

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
            form = new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8, false).parameters();
        }
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    Payload payload() {
        return payload;
    }
}
