package io.kurir.admin;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;

import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.Message;

/**
 * An admin API request, read from the HTTP request itself: platform-http also copies request
 * headers into message headers, so a header could pose as a query parameter there.
 */
final class ApiRequest {

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final HttpServerRequest http;
    private final Message message;

    ApiRequest(HttpServerRequest http, Message message) {
        this.http = http;
        this.message = message;
    }

    /** The request's Content-Type header, or null. */
    String contentType() {
        return http.getHeader("Content-Type");
    }

    /** The request body's bytes (empty when it has none). */
    byte[] body() {
        byte[] body = message.getBody(byte[].class);
        return body == null ? new byte[0] : body;
    }

    Optional<String> param(String name) {
        return Optional.ofNullable(http.getParam(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    /** The path segment `back` places from the end: 0 is the last. */
    String segment(int back) {
        String[] segments = http.path().split("/");
        return segments[segments.length - 1 - back];
    }

    Optional<String> oneOf(String name, Set<String> allowed) throws ApiError {
        Optional<String> value = param(name);
        if (value.isPresent() && !allowed.contains(value.get())) {
            throw ApiError.badFilter(name + " must be one of " + allowed + ", got '" + value.get() + "'");
        }
        return value;
    }

    /** An ISO-8601 instant such as 2026-11-22T00:00:00Z, as epoch milliseconds. */
    Optional<Long> time(String name) throws ApiError {
        Optional<String> value = param(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value.get()).toEpochMilli());
        } catch (DateTimeParseException e) {
            throw ApiError.badFilter(name + " must be an ISO-8601 instant such as 2026-11-22T00:00:00Z, got '" + value.get() + "'");
        }
    }

    int limit() throws ApiError {
        Optional<String> value = param("limit");
        if (value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw ApiError.badFilter("limit must be a number from 1 to " + MAX_LIMIT + ", got '" + value.get() + "'");
    }

    boolean flag(String name) throws ApiError {
        Optional<String> value = param(name);
        if (value.isEmpty() || value.get().equals("false")) {
            return false;
        }
        if (value.get().equals("true")) {
            return true;
        }
        throw ApiError.badFilter(name + " must be true or false");
    }
}
