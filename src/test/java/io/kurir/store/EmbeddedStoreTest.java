package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    void webhooksCommitBeforeWritersThatWereWaitingLonger() throws Exception {
        assertEquals(List.of("holder", "webhooks", "routing"), orderOfWriters(false));
    }

    @Test
    void afterAnUrgentCommitTheOtherWritersGoFirst() throws Exception {
        assertEquals(List.of("holder", "routing", "webhooks"), orderOfWriters(true));
    }

    /** One writer holds the turn; "routing" queues, then urgent "webhooks"; the holder commits. */
    private List<String> orderOfWriters(boolean holderUrgent) throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try (Connection holder = DriverManager.getConnection(url);
             Connection routing = DriverManager.getConnection(url);
             Connection webhooks = DriverManager.getConnection(url)) {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> write(holder, holderUrgent, () -> {
                holding.countDown();
                await(release);
            }, order, "holder"), threads);
            holding.await(5, TimeUnit.SECONDS);
            CompletableFuture<Void> waitingLonger = CompletableFuture.runAsync(() -> write(routing, false, () -> { }, order, "routing"), threads);
            Thread.sleep(200);
            CompletableFuture<Void> urgent = CompletableFuture.runAsync(() -> write(webhooks, true, () -> { }, order, "webhooks"), threads);
            Thread.sleep(200);
            release.countDown();
            CompletableFuture.allOf(first, waitingLonger, urgent).get(10, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        return order;
    }

    private static void write(Connection connection, boolean urgent, Runnable inside, List<String> order, String name) {
        Sql.Work<Void> work = c -> {
            inside.run();
            c.createStatement().execute("INSERT INTO t VALUES (1)");
            order.add(name);
            return null;
        };
        try {
            if (urgent) {
                Sql.urgentTransaction(connection, work);
            } else {
                Sql.transaction(connection, work);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        await(latch, 5_000);
    }

    private static void await(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBackgroundThreadsTransactionRunsOnTheStoresLaneAtNormalPriority() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            WriteTurns.prepare(c);
            Thread lowered = new Thread(() -> {
                try {
                    Sql.transaction(c, tx -> {
                        tx.createStatement().execute("INSERT INTO t VALUES (" + Thread.currentThread().getPriority() + ")");
                        return Thread.currentThread().getName();
                    });
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            lowered.setPriority(Thread.MIN_PRIORITY);
            lowered.start();
            lowered.join(5_000);

            try (ResultSet rs = c.createStatement().executeQuery("SELECT n FROM t")) {
                rs.next();
                assertEquals(Thread.NORM_PRIORITY, rs.getInt(1), "the write ran at normal priority, not on the lowered thread");
            }
        }
    }

    @Test
    void anInterruptedBackgroundWriterWaitsForItsTransactionOnTheLaneBeforeGivingBackTheConnection() throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            WriteTurns.prepare(c);
            CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
            Thread lowered = new Thread(() -> {
                try {
                    Sql.transaction(c, tx -> {
                        await(new CountDownLatch(1), 300);
                        return tx.createStatement().execute("INSERT INTO t VALUES (1)");
                    });
                    stillInterrupted.complete(Thread.currentThread().isInterrupted());
                } catch (SQLException e) {
                    stillInterrupted.completeExceptionally(e);
                }
            });
            lowered.setPriority(Thread.MIN_PRIORITY);
            lowered.start();
            Thread.sleep(100);
            lowered.interrupt();

            assertTrue(stillInterrupted.get(5, TimeUnit.SECONDS), "the interrupt is kept for the caller");
            try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the transaction ran to its commit");
            }
        }
    }

    @Test
    void aCommitLetsTheNextWriterInWhileTheConnectionIsStillHeld() throws Exception {
        try (Connection first = DriverManager.getConnection(url);
             Connection impatient = DriverManager.getConnection(url.replace("busy_timeout=5000", "busy_timeout=100"))) {
            Sql.transaction(first, c -> c.createStatement().execute("INSERT INTO t VALUES (1)"));

            impatient.createStatement().execute("INSERT INTO t VALUES (2)");
        }
    }
}
