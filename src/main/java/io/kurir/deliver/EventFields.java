package io.kurir.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.Json;
import io.netty.handler.codec.http.QueryStringDecoder;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Turns the raw event body into a map of its fields, whatever it arrived as (a JSON object, a
 * urlencoded or a multipart form), so templates and mappings read `body.name` alike for all three.
 * The map is kept on the exchange: a route that renders several templates asks for it again.
 */
public final class EventFields implements Processor {

    public static final String PROPERTY = "kurirFields";

    private static final TypeReference<LinkedHashMap<String, Object>> OBJECT = new TypeReference<>() {
    };

    @Override
    public void process(Exchange exchange) throws Exception {
        Map<?, ?> fields = exchange.getProperty(PROPERTY, Map.class);
        if (fields == null) {
            fields = parse(exchange.getMessage().getBody(byte[].class), exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class));
            exchange.setProperty(PROPERTY, fields);
        }
        exchange.getMessage().setBody(fields);
    }

    static Map<String, Object> parse(byte[] body, String contentType) throws IOException, MessagingException {
        String type = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/x-www-form-urlencoded")) {
            return form(new String(body, StandardCharsets.UTF_8));
        }
        if (type.equals("multipart/form-data")) {
            return multipart(body, contentType);
        }
        if (type.endsWith("json")) {
            JsonNode json = Json.MAPPER.readTree(body);
            return json.isObject() ? Json.MAPPER.convertValue(json, OBJECT) : Map.of("value", json);
        }
        throw new IllegalArgumentException("fields can be read from JSON and form bodies, not from " + contentType);
    }

    private static Map<String, Object> form(String text) {
        Map<String, Object> fields = new LinkedHashMap<>();
        new QueryStringDecoder(text, StandardCharsets.UTF_8, false).parameters()
                .forEach((name, values) -> fields.put(name, values.size() == 1 ? values.get(0) : List.copyOf(values)));
        return fields;
    }

    /** Text parts become fields; file parts are named by their file name, their content left out. */
    private static Map<String, Object> multipart(byte[] body, String contentType) throws MessagingException, IOException {
        MimeMultipart parts = new MimeMultipart(new ByteArrayDataSource(body, contentType));
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            String disposition = part.getHeader("Content-Disposition") == null ? null : part.getHeader("Content-Disposition")[0];
            if (disposition == null) {
                continue;
            }
            ContentDisposition parsed = new ContentDisposition(disposition);
            String name = parsed.getParameter("name");
            if (name == null) {
                continue;
            }
            if (parsed.getParameter("filename") != null) {
                fields.put(name, parsed.getParameter("filename"));
            } else {
                try (InputStream in = part.getInputStream()) {
                    fields.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return fields;
    }
}
