package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DataSource of routes' `jdbc:` endpoints: on the embedded store, a connection takes its write turn like Kurir's own writers. */
class RouteDataSourceTest {

    @TempDir
    Path dir;

    private HikariDataSource pool;
    private DataSource routes;

    @BeforeEach
    void openStore() throws Exception {
        pool = new HikariDataSource();
        pool.setJdbcUrl(Database.EMBEDDED_URL.replace("data/kurir.db", dir.resolve("kurir.db").toString()));
        routes = RouteDataSource.of(pool);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            WriteTurns.prepare(c);
            s.execute("CREATE TABLE t (n INTEGER)");
        }
    }

    @AfterEach
    void closeStore() {
        pool.close();
    }

    private CompletableFuture<Void> kurirWrites() {
        return CompletableFuture.runAsync(() -> {
            try (Connection c = pool.getConnection()) {
                Sql.transaction(c, tx -> tx.createStatement().execute("INSERT INTO t VALUES (1)"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void kurirsWritersWaitWhileARouteHoldsAConnectionAndGoOnOnceItIsClosed() throws Exception {
        CompletableFuture<Void> writer;
        try (Connection route = routes.getConnection()) {
            writer = kurirWrites();
            Thread.sleep(300);
            assertFalse(writer.isDone(), "the route's connection holds the write turn, even before it writes");
        }
        writer.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aRouteWaitsForItsConnectionWhileKurirWrites() throws Exception {
        CompletableFuture<Void> route = new CompletableFuture<>();
        try (Connection kurir = pool.getConnection()) {
            Sql.transaction(kurir, tx -> {
                CompletableFuture.runAsync(() -> {
                    try (Connection c = routes.getConnection()) {
                        route.complete(null);
                    } catch (SQLException e) {
                        route.completeExceptionally(e);
                    }
                });
                pause(300);
                assertFalse(route.isDone(), "the route gets its connection only once Kurir's transaction has ended");
                return tx.createStatement().execute("INSERT INTO t VALUES (1)");
            });
        }
        route.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aConnectionThatThePoolCallsClosedStillGivesItsTurnBackWhenClosed() throws Exception {
        Connection route = routes.getConnection();
        assertFalse(route.isClosed(), "camel-jdbc closes only a connection that says it is open");
        route.close();
        assertTrue(route.isClosed());
        kurirWrites().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aLoweredThreadRunsAtNormalPriorityWhileItHoldsARouteConnection() throws Exception {
        CompletableFuture<int[]> priorities = new CompletableFuture<>();
        Thread delivery = new Thread(() -> {
            try {
                int holding;
                try (Connection c = routes.getConnection()) {
                    holding = Thread.currentThread().getPriority();
                }
                priorities.complete(new int[] {holding, Thread.currentThread().getPriority()});
            } catch (SQLException e) {
                priorities.completeExceptionally(e);
            }
        });
        delivery.setPriority(Thread.MIN_PRIORITY);
        delivery.start();

        int[] seen = priorities.get(5, TimeUnit.SECONDS);
        assertEquals(Thread.NORM_PRIORITY, seen[0], "while it may hold SQLite's write lock");
        assertEquals(Thread.MIN_PRIORITY, seen[1], "lowered again once the connection is closed");
    }

    @Test
    void closingARouteConnectionAgainDoesNotGiveAwayTheNextOnesTurn() throws Exception {
        Connection first = routes.getConnection();
        first.close();
        CompletableFuture<Void> writer;
        try (Connection second = routes.getConnection()) {
            first.close();
            writer = kurirWrites();
            Thread.sleep(300);
            assertFalse(writer.isDone(), "the second connection still holds the turn");
        }
        writer.get(5, TimeUnit.SECONDS);
    }

    @Test
    void onPostgresqlRoutesGetThePoolItself() {
        try (HikariDataSource postgres = new HikariDataSource()) {
            postgres.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test");
            assertSame(postgres, RouteDataSource.of(postgres));
        }
    }
}
