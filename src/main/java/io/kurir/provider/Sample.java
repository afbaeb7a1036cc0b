package io.kurir.provider;

import java.util.Map;

/** One "send test event" body, with the headers the provider would send beside it (not its signature). */
public record Sample(String contentType, String body, Map<String, String> headers) {

    public static Sample json(String body, Map<String, String> headers) {
        return new Sample("application/json", body, headers);
    }

    public static Sample form(String body, Map<String, String> headers) {
        return new Sample("application/x-www-form-urlencoded", body, headers);
    }
}
