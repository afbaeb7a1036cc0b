package io.kurir.provider;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.netty.handler.codec.http.QueryStringDecoder;

/** A form-urlencoded body's fields. Read before or without verification, so bad input is no form at all, never an exception. */
public final class FormBody {

    private FormBody() {
    }

    /** By name, values in order; empty when the body is not well-formed (a stray `%`, bad hex). */
    public static Map<String, List<String>> fields(byte[] body) {
        try {
            return new QueryStringDecoder(new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8, false).parameters();
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }
}
