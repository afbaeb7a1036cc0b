package io.kurir.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.Json;
import io.kurir.ingest.IngestError;
import io.kurir.ingest.IngestProcessor;
import io.kurir.ingest.Source;
import io.kurir.ingest.Sources;
import io.kurir.route.DryRun;
import io.kurir.route.EventRouter;
import io.kurir.store.StoredEvent;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * `POST /api/sources/{name}/try`: what the source's route would do with a sample webhook, from a run
 * of the real route that stores nothing, records nothing and sends nothing ({@link DryRun}). The body
 * is checked as a real webhook's is (the same 400, 413 and 415); its signature is not: the admin token
 * stands for the sender, and the answer says so (`"verified": false`).
 */
public final class TryApi extends ApiRoutes {

    private final Sources sources;
    private final IngestProcessor ingest;
    private final EventRouter router;

    public TryApi(AdminToken token, Sources sources, IngestProcessor ingest, EventRouter router) {
        super(token);
        this.sources = sources;
        this.ingest = ingest;
        this.router = router;
    }

    @Override
    public void configure() {
        endpoint("POST", "/api/sources/{name}/try", "api-source-try", this::tryOut);
    }

    private Object tryOut(ApiRequest request) throws ApiError {
        String name = request.segment(1);
        Source source = sources.find(name).orElseThrow(() -> ApiError.notFound("no source named '" + Json.printable(name) + "'"));
        Sample sample = Sample.of(request);
        IngestProcessor.DryRunSample taken;
        try {
            taken = ingest.dryRun(source, sample.body(), sample.lookup()::get, sample.query(), sample.headers());
        } catch (IngestError e) {
            throw new ApiError(e.status(), e.code(), e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", source.name());
        answer.put("verified", false);
        answer.put("stored", false);
        if (taken.event() == null) {
            // a probe or a handshake: answered, never stored nor routed
            answer.put("outcome", taken.answeredAs());
            answer.put("answer", parsed(taken.answer()));
            return answer;
        }
        StoredEvent event = taken.event();
        answer.put("eventType", event.type());
        answer.put("idempotencyKey", event.idempotencyKey());
        answer.put("environment", event.environment());
        answer.put("labels", event.labels());
        Optional<DryRun.Result> run = router.dryRun(event);
        answer.put("outcome", run.map(r -> r.routed() ? "routed" : "route_failed").orElse("no_route"));
        answer.put("route", run.map(DryRun.Result::routeId).orElse(null));
        answer.put("destinations", run.map(DryRun.Result::destinations).orElse(List.of()));
        answer.put("skippedEndpoints", run.map(DryRun.Result::skippedEndpoints).orElse(List.of()));
        answer.put("error", run.map(DryRun.Result::error).orElse(null));
        return answer;
    }

    private static Object parsed(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            return json;
        }
    }

    /**
     * The sample, sent as JSON: `body` (text, or any other JSON value, which is sent as its JSON text,
     * application/json unless said otherwise) or `bodyBase64`; `contentType`; `headers`; `query` (an
     * object, or the query string of the hook URL).
     */
    private record Sample(byte[] body, Map<String, String> headers, Map<String, String> query) {

        static Sample of(ApiRequest request) throws ApiError {
            String type = request.contentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new ApiError(415, "unsupported_media_type",
                        "send the sample as application/json: {\"body\": ..., \"contentType\": ..., \"headers\": {...}, \"query\": {...}}");
            }
            JsonNode json;
            try {
                json = Json.MAPPER.readTree(request.body());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw bad("the request is not JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw bad("the request is not JSON: " + e.getMessage());
            }
            if (json == null || !json.isObject()) {
                throw bad("the request must be a JSON object such as {\"body\": \"...\", \"contentType\": \"application/json\"}");
            }
            Map<String, String> headers = strings(json.get("headers"), "headers");
            byte[] body;
            String defaultType = null;
            JsonNode text = json.get("body");
            JsonNode base64 = json.get("bodyBase64");
            if (text != null && base64 != null) {
                throw bad("give body or bodyBase64, not both");
            }
            if (base64 != null) {
                if (!base64.isTextual()) {
                    throw bad("bodyBase64 must be a string");
                }
                try {
                    body = Base64.getMimeDecoder().decode(base64.asText());
                } catch (IllegalArgumentException e) {
                    throw bad("bodyBase64 is not Base64: " + e.getMessage());
                }
            } else if (text == null || text.isNull()) {
                body = new byte[0];
            } else if (text.isTextual()) {
                body = text.asText().getBytes(StandardCharsets.UTF_8);
            } else {
                body = Json.write(text).getBytes(StandardCharsets.UTF_8);
                defaultType = "application/json";
            }
            JsonNode contentType = json.get("contentType");
            if (contentType != null && !contentType.isNull()) {
                if (!contentType.isTextual()) {
                    throw bad("contentType must be a string");
                }
                headers.keySet().removeIf(name -> name.equalsIgnoreCase("Content-Type"));
                headers.put("Content-Type", contentType.asText());
            } else if (defaultType != null && headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Content-Type"))) {
                headers.put("Content-Type", defaultType);
            }
            return new Sample(body, headers, query(json.get("query")));
        }

        Map<String, String> lookup() {
            Map<String, String> lookup = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            lookup.putAll(headers);
            return lookup;
        }

        private static Map<String, String> query(JsonNode query) throws ApiError {
            if (query != null && query.isTextual()) {
                String text = query.asText();
                Map<String, String> parameters = new LinkedHashMap<>();
                new QueryStringDecoder(text.startsWith("?") ? text : "?" + text).parameters()
                        .forEach((name, values) -> parameters.put(name, values.get(0)));
                return parameters;
            }
            return strings(query, "query");
        }

        private static Map<String, String> strings(JsonNode node, String field) throws ApiError {
            Map<String, String> values = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return values;
            }
            if (!node.isObject()) {
                throw bad(field + " must be an object of names and string values");
            }
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                    throw bad(field + "." + entry.getKey() + " must be a string");
                }
                values.put(entry.getKey(), entry.getValue().asText());
            }
            return values;
        }

        private static ApiError bad(String message) {
            return new ApiError(400, "bad_sample", message);
        }
    }
}
