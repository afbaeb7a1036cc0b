package io.kurir.provider;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.Json;

/** A scalar deep in a JSON body, for the providers that name or key events by nested fields. */
public final class JsonText {

    private JsonText() {
    }

    /** The tree of a JSON body; a missing node when it does not parse. */
    public static JsonNode tree(byte[] json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return node == null ? Json.MAPPER.missingNode() : node;
        } catch (IOException e) {
            return Json.MAPPER.missingNode();
        }
    }

    /** The scalar at this path as trimmed text; null when absent, null, blank or not a scalar. */
    public static String at(JsonNode node, String... path) {
        for (String name : path) {
            node = node.path(name);
        }
        return !node.isValueNode() || node.isNull() || node.asText().isBlank() ? null : node.asText().trim();
    }
}
