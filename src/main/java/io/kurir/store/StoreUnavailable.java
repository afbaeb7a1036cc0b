package io.kurir.store;

/** The store could not commit; ingest answers 503 so the sender retries. */
public class StoreUnavailable extends RuntimeException {

    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
