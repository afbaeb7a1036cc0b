package io.kurir.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurir.support.Gateway;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * `/observe/health/ready` tells whether the store commits, on both stores: a store that cannot
 * commit (its events table locked by another connection, as a migration or an operator would) makes
 * it DOWN within 2 s, with no webhook arriving, and UP again once it can; `/observe/health/live` stays UP.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
class ReadinessTest {

    @Parameter
    TestStore store;

    private Gateway gateway;

    @BeforeEach
    void start() {
        gateway = Gateway.onFreshStore(store, Map.of());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    /** Another connection holds what a commit of events needs, until closed. */
    private Connection lockTheEventsTable() throws Exception {
        Connection lock = gateway.database();
        try (Statement s = lock.createStatement()) {
            if (store == TestStore.POSTGRES) {
                lock.setAutoCommit(false);
                s.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE");
            } else {
                // SQLite has one write lock for the whole file
                s.execute("BEGIN IMMEDIATE");
            }
        }
        return lock;
    }

    private static void release(Connection lock) throws Exception {
        try (Statement s = lock.createStatement()) {
            if (lock.getAutoCommit()) {
                s.execute("ROLLBACK");
            } else {
                lock.rollback();
            }
        }
        lock.close();
    }

    /** Polls a health path until it answers `status`; how long that took, or -1 past the limit. */
    private long await(String path, int status, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < limit.toNanos()) {
            if (gateway.get(path).statusCode() == status) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(20);
        }
        return -1;
    }

    @Test
    void isReadyAndLiveOnceStarted() {
        HttpResponse<String> ready = gateway.get("/observe/health/ready");
        HttpResponse<String> live = gateway.get("/observe/health/live");

        assertEquals(200, ready.statusCode(), ready.body());
        assertEquals("UP", Gateway.json(ready.body()).get("status").asText());
        assertEquals(200, live.statusCode(), live.body());
    }

    @Test
    void isNotReadyWithin2sOfTheStoreFailingToCommitAndReadyOnceItCommitsAgain() throws Exception {
        Connection lock = lockTheEventsTable();
        long down;
        try {
            down = await("/observe/health/ready", 503, Duration.ofSeconds(4));
            JsonNode body = Gateway.json(gateway.get("/observe/health/ready").body());
            assertEquals("DOWN", body.get("status").asText());
            assertEquals("store", body.get("checks").get(0).get("name").asText(), body.toString());
        } finally {
            release(lock);
        }
        long up = await("/observe/health/ready", 200, Duration.ofSeconds(10));
        System.out.println("readiness on " + store + ": DOWN " + down + " ms after the lock, UP " + up + " ms after its release");

        assertTrue(down >= 0 && down <= 2000, "readiness went DOWN after " + down + " ms");
        assertTrue(up >= 0, "readiness did not come back UP within 10 s of the store's recovery");
    }

    @Test
    void staysLiveWhileTheStoreCannotCommit() throws Exception {
        Connection lock = lockTheEventsTable();
        try {
            assertTrue(await("/observe/health/ready", 503, Duration.ofSeconds(4)) >= 0, "readiness never went DOWN");

            HttpResponse<String> live = gateway.get("/observe/health/live");
            assertEquals(200, live.statusCode(), live.body());
            assertEquals("UP", Gateway.json(live.body()).get("status").asText());
        } finally {
            release(lock);
        }
    }

    @Test
    void showsReadinessAsAGauge() throws Exception {
        assertEquals(1, gateway.metrics().value("kurir_store_ready"));
        Connection lock = lockTheEventsTable();
        try {
            assertTrue(await("/observe/health/ready", 503, Duration.ofSeconds(4)) >= 0, "readiness never went DOWN");

            assertEquals(0, gateway.metrics().value("kurir_store_ready"));
        } finally {
            release(lock);
        }
    }
}
