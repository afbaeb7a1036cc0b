package io.kurir.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The events log page at `/ui` and the OpenAPI description at `/api/openapi.json`, served from the
 * jar. The page holds no data of its own: it asks for the admin token and calls the API with it.
 */
public final class WebPage extends RouteBuilder {

    private static final Pattern ASSET = Pattern.compile("[a-z0-9-]+\\.(html|js|css|svg|png)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml", "png", "image/png", "json", "application/json");
    /** Nothing but the page's own files may run or load: payload content can never become script. */
    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Override
    public void configure() {
        from("platform-http:/ui?httpMethodRestrict=GET").routeId("ui").process(exchange -> serve(exchange, "ui/index.html"));
        from("platform-http:/ui/{asset}?httpMethodRestrict=GET").routeId("ui-assets").process(exchange -> {
            String path = exchange.getIn(HttpMessage.class).getRequest().path();
            String asset = path.substring(path.lastIndexOf('/') + 1);
            serve(exchange, ASSET.matcher(asset).matches() ? "ui/" + asset : null);
        });
        from("platform-http:/api/openapi.json?httpMethodRestrict=GET").routeId("api-openapi")
                .process(exchange -> serve(exchange, "api/openapi.json"));
    }

    private void serve(Exchange exchange, String resource) throws IOException {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        InputStream in = resource == null ? null : WebPage.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            message.setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody("{\"error\":\"not_found\",\"message\":\"no such page\"}");
            return;
        }
        try (in) {
            message.setBody(in.readAllBytes());
        }
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, TYPES.get(resource.substring(resource.lastIndexOf('.') + 1)));
        message.setHeader("Cache-Control", "no-cache");
        message.setHeader("Content-Security-Policy", POLICY);
        message.setHeader("X-Content-Type-Options", "nosniff");
        message.setHeader("Referrer-Policy", "no-referrer");
    }
}
