package io.kurir.provider;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.Json;

/** Verified webhooks as a provider reads them to name and key them, built from their parts. */
public final class Requests {

    private Requests() {
    }

    /** A JSON body; {@code headers} alternate names and values. */
    public static Request json(String body, String... headers) {
        return new Parts(body, false, headers);
    }

    /** A form-urlencoded body; {@code headers} alternate names and values. */
    public static Request form(String body, String... headers) {
        return new Parts(body, true, headers);
    }

    private static final class Parts implements Request {

        private final byte[] body;
        private final boolean form;
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

        Parts(String body, boolean form, String... headers) {
            this.body = body.getBytes(StandardCharsets.UTF_8);
            this.form = form;
            for (int i = 0; i < headers.length; i += 2) {
                this.headers.put(headers[i], headers[i + 1]);
            }
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public String field(String name) {
            if (form) {
                return null;
            }
            try {
                JsonNode value = Json.MAPPER.readTree(body).get(name);
                return value == null || !value.isValueNode() || value.isNull() ? null : value.asText();
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public String nested(String... path) {
            return form ? null : JsonText.at(JsonText.tree(body), path);
        }

        @Override
        public String formField(String name) {
            if (!form) {
                return null;
            }
            for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
                int equals = pair.indexOf('=');
                String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                if (key.equals(name)) {
                    return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }
    }
}
