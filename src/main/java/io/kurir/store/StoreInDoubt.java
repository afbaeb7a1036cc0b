package io.kurir.store;

/**
 * Events whose commit was in doubt, and the store could not be read before their answer was due:
 * they may have been stored. A retry of the same webhook is answered as a duplicate if they were.
 */
public final class StoreInDoubt extends RuntimeException {

    StoreInDoubt() {
        super("the store did not confirm the commit in time: the event may have been stored");
    }
}
