package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's one writer: it owns its connection and statements, and commits what is queued together. */
class StoreWriterTest {

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private StoreWriter writer;
    private final List<Integer> commits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        pool = new HikariDataSource();
        pool.setJdbcUrl(Database.EMBEDDED_URL.replace("data/kurir.db", dir.resolve("kurir.db").toString()));
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (n INTEGER PRIMARY KEY)");
        }
        writer = new StoreWriter("test-writer", pool, 0, 1, TimeUnit.SECONDS.toNanos(1));
        writer.observe(StoreWriter.Kind.ACTION, (items, nanos) -> commits.add(items));
        writer.start();
    }

    @AfterEach
    void close() throws Exception {
        writer.stop();
        pool.close();
    }

    private CompletableFuture<Integer> insert(int n) {
        return writer.submit(StoreWriter.Kind.ACTION, tx -> {
            PreparedStatement insert = tx.prepare("INSERT INTO t VALUES (?)");
            insert.setInt(1, n);
            return insert.executeUpdate();
        }, GroupCommitter.NO_DEADLINE, null);
    }

    /** Keeps the writer busy in a commit until the latch it returns is counted down. */
    private CountDownLatch holdTheWriter() throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        writer.submit(StoreWriter.Kind.ACTION, tx -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }, GroupCommitter.NO_DEADLINE, null);
        holding.await();
        return release;
    }

    private int count() throws SQLException {
        try (Connection c = pool.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void writesQueuedWhileACommitRunsShareTheNextCommit() throws Exception {
        CountDownLatch release = holdTheWriter();
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            queued.add(insert(n));
        }
        release.countDown();
        for (CompletableFuture<Integer> write : queued) {
            assertEquals(1, write.get(5, TimeUnit.SECONDS));
        }
        assertEquals(List.of(1, 5), commits, "the holding write, then the five queued meanwhile in one commit");
        assertEquals(5, count());
    }

    @Test
    void aStatementOfConstantSqlIsPreparedOnceForTheWritersConnection() throws Exception {
        Sql.Work<PreparedStatement> prepare = tx -> tx.prepare("SELECT COUNT(*) FROM t");
        assertSame(writer.write(StoreWriter.Kind.ACTION, "prepare", prepare), writer.write(StoreWriter.Kind.ACTION, "prepare", prepare));
    }

    @Test
    void aWriteThatFailsFailsAloneAndTheOthersOfItsBatchCommit() throws Exception {
        insert(1).get(5, TimeUnit.SECONDS);
        CountDownLatch release = holdTheWriter();
        CompletableFuture<Integer> before = insert(2);
        CompletableFuture<Integer> duplicate = insert(1);
        CompletableFuture<Integer> after = insert(3);
        release.countDown();

        assertEquals(1, before.get(5, TimeUnit.SECONDS));
        assertEquals(1, after.get(5, TimeUnit.SECONDS));
        ExecutionException failed = assertThrows(ExecutionException.class, () -> duplicate.get(5, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof SQLException, failed.getCause().toString());
        assertEquals(3, count());
    }

    private String synchronousDuring(StoreWriter.Kind kind) {
        return writer.write(kind, "read", tx -> Sql.rows(tx.prepare("PRAGMA synchronous"), List.of(), rs -> rs.getString(1)).get(0));
    }

    @Test
    void aCommitHoldingAnEventOrAnActionIsFsyncedAndBookkeepingAloneIsNot() {
        assertEquals("1", synchronousDuring(StoreWriter.Kind.BOOKKEEPING), "NORMAL: on disk with the next fsynced commit");
        assertEquals("2", synchronousDuring(StoreWriter.Kind.ACTION), "FULL");
        assertEquals("1", synchronousDuring(StoreWriter.Kind.ATTEMPT));
        assertEquals("2", synchronousDuring(StoreWriter.Kind.EVENT));
    }

    @Test
    void aWriterThatWaitsForItsOwnThreadIsRefusedRatherThanHanging() throws Exception {
        CompletableFuture<Object> nested = writer.submit(StoreWriter.Kind.ACTION, tx -> writer.write(StoreWriter.Kind.ACTION, "nested", t -> 1),
                GroupCommitter.NO_DEADLINE, null);
        ExecutionException failed = assertThrows(ExecutionException.class, () -> nested.get(5, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof IllegalStateException, failed.getCause().toString());
    }
}
