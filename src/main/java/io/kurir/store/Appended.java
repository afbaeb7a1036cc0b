package io.kurir.store;

/** The outcome of storing an event: its id, and whether an event with the same key was there first. */
public record Appended(String id, boolean duplicate) {
}
