package io.kurir.store;

/**
 * How a destination's deliveries are claimed with respect to their ordering keys
 * (`kurir.destination.<name>.order-key` and `.order-after-dead`).
 */
public enum KeyOrder {
    /** No key declared: any due delivery may be attempted, in parallel with any other. */
    NONE,
    /** Keyed; a delivery waits while an earlier one of its key is pending or retrying. A dead one lets the rest go. */
    RELEASE_AFTER_DEAD,
    /** Keyed; a dead one holds the rest of its key too, until it is retried and delivered. */
    BLOCK_AFTER_DEAD
}
