package io.kurir.store;

import java.sql.PreparedStatement;

/**
 * A transaction that needs what storing an event needs and adds nothing, for the readiness check
 * while no webhook arrives: the events table's write lock (an UPDATE that matches no row takes it, so
 * a table locked by a migration or an operator holds it up as it would an append) and a real commit
 * (this instance's row of `instances` written back as it is), so a store that takes no writes fails it.
 */
public final class CommitProbe {

    private final Store store;
    private final String instance;

    /** @param instance this instance's id, whose row in `instances` the probe rewrites */
    public CommitProbe(Store store, String instance) {
        this.store = store;
        this.instance = instance;
    }

    /** Returns once committed; fails with {@link StoreUnavailable} when it was not. */
    public void run() {
        store.write("commit", tx -> {
            tx.prepare("UPDATE events SET status = status WHERE id = ''").executeUpdate();
            PreparedStatement write = tx.prepare("UPDATE instances SET last_beat = last_beat WHERE id = ?");
            write.setString(1, instance);
            return write.executeUpdate();
        });
    }
}
