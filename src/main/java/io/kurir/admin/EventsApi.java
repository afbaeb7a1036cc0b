package io.kurir.admin;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.kurir.Json;
import io.kurir.store.Attempt;
import io.kurir.store.Delivery;
import io.kurir.store.DeliveryStore;
import io.kurir.store.EventFilter;
import io.kurir.store.EventStore;
import io.kurir.store.StoreUnavailable;
import io.kurir.store.StoredEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/** Read access to the events log: `GET /api/events` and `GET /api/events/{id}`, behind the admin token. */
public final class EventsApi extends RouteBuilder {

    private static final Set<String> STATUSES = Set.of(StoredEvent.RECEIVED, StoredEvent.ROUTED, StoredEvent.ROUTE_FAILED);
    private static final int MAX_LIMIT = 500;

    private final AdminToken token;
    private final EventStore events;
    private final DeliveryStore deliveries;

    public EventsApi(AdminToken token, EventStore events, DeliveryStore deliveries) {
        this.token = token;
        this.events = events;
        this.deliveries = deliveries;
    }

    @Override
    public void configure() {
        from("platform-http:/api/events?httpMethodRestrict=GET").routeId("api-events")
                .process(exchange -> answer(exchange, this::list));
        from("platform-http:/api/events/{id}?httpMethodRestrict=GET").routeId("api-event")
                .process(exchange -> answer(exchange, this::one));
    }

    private interface Handler {
        Object handle(Message request) throws ApiError;
    }

    private static final class ApiError extends Exception {
        private final int status;
        private final String code;

        ApiError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private void answer(Exchange exchange, Handler handler) {
        Message message = exchange.getMessage();
        int status = 200;
        Object body;
        try {
            if (!token.accepts(message.getHeader("Authorization", String.class))) {
                throw new ApiError(401, "unauthorized", "send Authorization: Bearer <KURIR_ADMIN_TOKEN>");
            }
            body = handler.handle(message);
        } catch (ApiError e) {
            status = e.status;
            body = Map.of("error", e.code, "message", e.getMessage());
        } catch (StoreUnavailable e) {
            status = 503;
            body = Map.of("error", "store_unavailable", "message", "the event store is unavailable; retry later");
        }
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (status == 401) {
            message.setHeader("WWW-Authenticate", "Bearer");
        }
        message.setBody(Json.write(body));
    }

    private Object list(Message request) throws ApiError {
        Optional<String> status = param(request, "status");
        if (status.isPresent() && !STATUSES.contains(status.get())) {
            throw new ApiError(400, "bad_filter", "status must be one of " + STATUSES);
        }
        int limit = 50;
        Optional<String> limitParam = param(request, "limit");
        if (limitParam.isPresent()) {
            try {
                limit = Integer.parseInt(limitParam.get());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new ApiError(400, "bad_filter", "limit must be a number from 1 to " + MAX_LIMIT);
            }
        }
        List<StoredEvent> page = events.list(new EventFilter(param(request, "source"), param(request, "type"), status,
                param(request, "before"), limit));
        List<Map<String, Object>> items = new ArrayList<>();
        page.forEach(e -> items.add(summary(e)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("events", items);
        answer.put("next", page.size() == limit ? page.get(page.size() - 1).id() : null);
        return answer;
    }

    private Object one(Message request) throws ApiError {
        String path = request.getExchange().getIn(HttpMessage.class).getRequest().path();
        String id = path.substring(path.lastIndexOf('/') + 1);
        StoredEvent event = events.find(id).orElseThrow(() -> new ApiError(404, "not_found", "no event " + id));
        Map<String, Object> answer = summary(event);
        answer.put("headers", event.headers());
        answer.put("body", new String(event.body(), StandardCharsets.UTF_8));
        answer.put("routeError", event.routeError());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Delivery d : deliveries.forEvent(event.id())) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("id", d.id());
            item.put("destination", d.destination());
            item.put("status", d.status());
            item.put("attempts", d.attempts());
            item.put("nextAttemptAt", time(d.nextAttemptAt()));
            item.put("lastStatusCode", d.lastStatusCode());
            item.put("lastError", d.lastError());
            List<Map<String, Object>> attempts = new ArrayList<>();
            for (Attempt a : deliveries.attempts(d.id())) {
                Map<String, Object> attempt = new LinkedHashMap<>();
                attempt.put("number", a.number());
                attempt.put("at", time(a.startedAt()));
                attempt.put("durationMs", a.durationMs());
                attempt.put("succeeded", a.succeeded());
                attempt.put("statusCode", a.statusCode());
                attempt.put("response", a.responseExcerpt());
                attempt.put("error", a.error());
                attempts.add(attempt);
            }
            item.put("attemptLog", attempts);
            items.add(item);
        }
        answer.put("deliveries", items);
        return answer;
    }

    private static Map<String, Object> summary(StoredEvent e) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", e.id());
        item.put("source", e.source());
        item.put("type", e.type());
        item.put("environment", e.environment());
        item.put("status", e.status());
        item.put("receivedAt", time(e.receivedAt()));
        item.put("routedAt", time(e.routedAt()));
        item.put("contentType", e.contentType());
        item.put("idempotencyKey", e.idempotencyKey());
        item.put("labels", e.labels());
        return item;
    }

    private static String time(Long epochMillis) {
        return epochMillis == null ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    /** From the query string only: platform-http also copies request headers into message headers. */
    private static Optional<String> param(Message request, String name) {
        String value = request.getExchange().getIn(HttpMessage.class).getRequest().getParam(name);
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
