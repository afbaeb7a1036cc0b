package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/** The embedded store's connections: durable settings, and one writer at a time without failing the others. */
class EmbeddedStoreTest {

    @TempDir
    Path dir;

    private String url;

    @BeforeEach
    void createTable() throws Exception {
        url = Database.EMBEDDED_URL.replace("data/kurir.db", dir.resolve("kurir.db").toString());
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (n INTEGER)");
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void commitsToAWriteAheadLogFsyncedEachTimeWithForeignKeysEnforced() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals("wal", pragma(c, "journal_mode"));
            assertEquals("2", pragma(c, "synchronous"), "FULL: each commit fsynced before it returns");
            assertEquals("1", pragma(c, "foreign_keys"), "retention's deletes cascade to deliveries and attempts");
        }
    }

    @Test
    void transactionsTakeTheWriteLockWhenTheyBegin() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            assertEquals(SQLiteConfig.TransactionMode.IMMEDIATE, c.unwrap(SQLiteConnection.class).getConnectionConfig().getTransactionMode());
        }
    }

    @Test
    void aSecondWriterWaitsForTheFirstAndCommitsAfterIt() throws Exception {
        try (Connection second = DriverManager.getConnection(url)) {
            CompletableFuture<Void> waiting;
            try (Connection first = DriverManager.getConnection(url)) {
                first.setAutoCommit(false);
                first.createStatement().execute("INSERT INTO t VALUES (1)");
                waiting = CompletableFuture.runAsync(() -> {
                    try (Statement s = second.createStatement()) {
                        s.execute("INSERT INTO t VALUES (2)");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(300);
                assertFalse(waiting.isDone(), "the second writer waits while the first holds the lock");
                first.setAutoCommit(true);
            }
            waiting.get(5, TimeUnit.SECONDS);
            try (ResultSet rs = second.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertEquals(2, rs.getInt(1));
            }
        }
    }

    @Test
    void aCommitLetsTheNextWriterInWhileTheConnectionIsStillHeld() throws Exception {
        try (Connection first = DriverManager.getConnection(url);
             Connection impatient = DriverManager.getConnection(url.replace("busy_timeout=5000", "busy_timeout=100"))) {
            Sql.transaction(first, null, tx -> tx.prepare("INSERT INTO t VALUES (1)").executeUpdate());

            impatient.createStatement().execute("INSERT INTO t VALUES (2)");
        }
    }
}
