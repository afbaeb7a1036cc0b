package io.kurir.store;

import java.sql.SQLException;

/**
 * The connection failed while the database carried out a COMMIT: the transaction may have been
 * committed or not, and only a later read can tell.
 */
public final class CommitInDoubt extends SQLException {

    CommitInDoubt(SQLException cause) {
        super("the commit's outcome is unknown", cause.getSQLState(), cause);
    }
}
