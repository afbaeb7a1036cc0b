package io.kurir.provider;

import java.util.List;
import java.util.function.Function;

/**
 * One place a value may come from, with its description for the README: a header, a JSON field, a
 * form field, or something a provider composes from several.
 */
public record From(String description, Function<Request, String> read) {

    /** What names the event when no place of the provider has a value: the body's kind. */
    public static final String FALLBACK_TYPE = "else the body's kind";
    /** What keys the event when no place of the provider has a value. */
    public static final String FALLBACK_KEY = "else the body's hash";
    /** The body fields that name events of senders Kurir has no provider for. */
    public static final List<From> GENERIC_TYPE = List.of(field("type"), field("event"), field("action"));

    public static From header(String name) {
        return new From("header `" + name + "`", request -> request.header(name));
    }

    public static From field(String name) {
        return new From("body `" + name + "`", request -> request.field(name));
    }

    public static From formField(String name) {
        return new From("form field `" + name + "`", request -> request.formField(name));
    }

    /** The first non-blank value of these places, trimmed; null when none has one. */
    public static String first(List<From> places, Request request) {
        for (From place : places) {
            String value = place.read().apply(request);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /** The places and the fallback, as the README's table says them. */
    public static String describe(List<From> places, String fallback) {
        StringBuilder text = new StringBuilder();
        for (From place : places) {
            text.append(text.isEmpty() ? "" : ", ").append(place.description());
        }
        return text.isEmpty() ? fallback.substring("else ".length()) : text + "; " + fallback;
    }
}
