package io.kurir;

/** The HTTP port cannot be bound: Kurir stops before it has touched the store, in one line and exit code 1. */
final class CannotListen extends RuntimeException {

    CannotListen(String message) {
        super(message, null, false, false);
    }
}
