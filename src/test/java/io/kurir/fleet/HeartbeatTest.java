package io.kurir.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.Properties;

import com.zaxxer.hikari.HikariDataSource;
import io.kurir.Settings;
import io.kurir.store.Database;
import io.kurir.store.InstanceStore;
import io.kurir.store.Store;
import io.kurir.support.TestStore;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An instance's claims hold while its beats go through, and what it claimed before a lapse stays
 * dropped after it: on PostgreSQL, beats are held up by a lock on the instances table.
 */
class HeartbeatTest {

    /** One beat every 200 ms; others take over after 1 s without one; this one stops after 800 ms. */
    private static final String TIMEOUT = "1000";

    private String dbUrl;
    private DefaultCamelContext context;
    private HikariDataSource dataSource;
    private Store store;
    private Heartbeat heartbeat;

    @BeforeEach
    void registered() {
        dbUrl = TestStore.POSTGRES.freshUrl();
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("kurir.db.url", dbUrl);
        properties.setProperty("kurir.db.user", "postgres");
        properties.setProperty("kurir.instance.id", "node-a");
        properties.setProperty("kurir.instance.timeout", TIMEOUT);
        context.getPropertiesComponent().setInitialProperties(properties);
        context.start();
        Settings settings = new Settings(context);
        dataSource = Database.open(settings);
        store = new Store(dataSource, 0, 1, 5_000);
        store.start();
        heartbeat = Heartbeat.register(context, settings, new InstanceStore(store), Clock.systemUTC());
        heartbeat.start();
    }

    @AfterEach
    void stopped() {
        heartbeat.stop();
        store.stop();
        dataSource.close();
        context.stop();
        TestStore.POSTGRES.drop(dbUrl);
    }

    @Test
    void claimsHoldWhileBeatsGoThrough() throws Exception {
        long streak = heartbeat.streak();
        Thread.sleep(1_500);
        assertTrue(heartbeat.holdsClaims(streak));
        assertEquals(streak, heartbeat.streak());
    }

    @Test
    void claimsOfBeforeALapseStayDroppedAfterIt() throws Exception {
        long before = heartbeat.streak();
        try (Connection other = DriverManager.getConnection(dbUrl, "postgres", "");
             Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            s.execute("LOCK TABLE instances IN ACCESS EXCLUSIVE MODE");
            Thread.sleep(1_500);
            assertFalse(heartbeat.holdsClaims(before), "no beat for longer than the others wait less one beat");
            other.commit();
        }
        long deadline = System.currentTimeMillis() + 3_000;
        while (heartbeat.streak() == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(before + 1, heartbeat.streak());
        assertFalse(heartbeat.holdsClaims(before), "another instance may have taken over meanwhile");
        assertTrue(heartbeat.holdsClaims(heartbeat.streak()));
    }

    @Test
    void aSecondProcessUnderTheSameIdDisplacesTheFirst() throws Exception {
        long streak = heartbeat.streak();
        new InstanceStore(store).register("node-a", "elsewhere", "test", "another-boot", System.currentTimeMillis());
        Thread.sleep(600);
        assertFalse(heartbeat.holdsClaims(streak));
        assertFalse(heartbeat.holdsClaims(heartbeat.streak()));
    }
}
