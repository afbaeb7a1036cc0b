package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** A store that cannot commit gets the sender a 503, never a 200, and ingest recovers with it. */
@ParameterizedClass
@EnumSource(TestStore.class)
class StoreOutageTest {

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

    private HttpResponse<String> post(String unique) {
        byte[] body = ("{\"action\":\"integration_updated\",\"integration\":{\"id\":\"" + unique + "\"}}").getBytes();
        return gateway.post("/hooks/sendcloud", "application/json", body, "Sendcloud-Signature", Signing.sendcloud(body));
    }

    private void execute(String sql) throws Exception {
        try (Connection c = gateway.database(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void answers503WhileTheStoreCannotCommitAnd200Afterwards() throws Exception {
        execute("ALTER TABLE events RENAME TO events_unavailable");
        HttpResponse<String> during = post("outage");

        assertEquals(503, during.statusCode());
        assertEquals("store_unavailable", Gateway.json(during.body()).get("error").asText());

        execute("ALTER TABLE events_unavailable RENAME TO events");
        HttpResponse<String> after = post("outage");
        assertEquals(200, after.statusCode(), after.body());
        assertEquals("accepted", Gateway.json(after.body()).get("status").asText());
    }
}
