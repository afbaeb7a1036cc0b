package io.kurir.store;

/**
 * A destination's deliveries that are not delivered, as the store holds them (every instance's):
 * how many wait for their first attempt, for a retry, or were given up, and when the oldest of those
 * still to be attempted was recorded (epoch ms; null when none is).
 */
public record Backlog(String destination, long pending, long retrying, long dead, Long oldestUndeliveredAt) {
}
