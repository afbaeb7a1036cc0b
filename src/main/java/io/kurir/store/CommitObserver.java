package io.kurir.store;

/** Told of the commits of one of the store's group-commit writers: for the meters and the readiness check. */
public interface CommitObserver {

    /** A commit of `items` (events or attempt records) ended after `nanos`. */
    void committed(int items, long nanos);

    /** A commit failed because of the store itself (unreachable, timed out, out of room), not because of a row. */
    default void storeFailed() {
    }
}
