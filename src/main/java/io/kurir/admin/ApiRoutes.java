package io.kurir.admin;

import java.util.Map;

import io.kurir.Json;
import io.kurir.store.StoreUnavailable;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/** What every admin endpoint shares: the bearer token, JSON answers and JSON errors. */
abstract class ApiRoutes extends RouteBuilder {

    interface Handler {
        Object handle(ApiRequest request) throws ApiError;
    }

    private final AdminToken token;

    ApiRoutes(AdminToken token) {
        this.token = token;
    }

    /** A route answering `method path` with what the handler returns, as JSON. */
    void endpoint(String method, String path, String routeId, Handler handler) {
        from("platform-http:" + path + "?httpMethodRestrict=" + method).routeId(routeId)
                .process(exchange -> answer(exchange, handler));
    }

    private void answer(Exchange exchange, Handler handler) {
        Message message = exchange.getMessage();
        int status = 200;
        Object body;
        try {
            HttpServerRequest http = exchange.getIn(HttpMessage.class).getRequest();
            // from the request's own headers: platform-http would also take it from the query string
            if (!token.accepts(http.getHeader("Authorization"))) {
                throw new ApiError(401, "unauthorized", "send Authorization: Bearer <KURIR_ADMIN_TOKEN>");
            }
            body = handler.handle(new ApiRequest(http, message));
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
        message.setHeader("Cache-Control", "no-store");
        if (status == 401) {
            message.setHeader("WWW-Authenticate", "Bearer");
        }
        message.setBody(Json.write(body));
    }
}
