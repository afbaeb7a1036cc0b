package io.kurir.store;

/** One try of a delivery: when, by which instance, how long, and what the destination answered or what went wrong. */
public record Attempt(int number, long startedAt, long durationMs, boolean succeeded, Integer statusCode,
                      String responseExcerpt, String error, String instance) {
}
