package io.kurir.store;

import java.sql.SQLException;

/** The store could not commit; ingest answers 503 so the sender retries. */
public class StoreUnavailable extends RuntimeException {

    public StoreUnavailable(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Names what failed and the SQL state only: drivers put the statement and its values (bodies,
     * headers) into their messages, and those must not reach a log or an answer.
     */
    public static StoreUnavailable of(String action, SQLException e) {
        SQLException next = e.getNextException();
        String state = next != null && next.getSQLState() != null ? next.getSQLState() : e.getSQLState();
        return new StoreUnavailable("the store could not " + action + " (SQL state " + state + ")", null);
    }
}
