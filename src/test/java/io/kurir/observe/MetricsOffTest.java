package io.kurir.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** `kurir.metrics.enabled=false` turns every meter off (the benchmark's pair measures what they cost); the rest works as before. */
class MetricsOffTest {

    private Gateway gateway;

    @BeforeEach
    void start() {
        gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of("kurir.metrics.enabled", "false"));
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void servesNoMetrics() {
        assertEquals(404, gateway.get("/observe/metrics").statusCode());
    }

    @Test
    void stillAcceptsWebhooksAndTellsReadiness() {
        byte[] body = "{\"action\":\"integration_updated\",\"integration\":{\"id\":\"off\"}}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = gateway.post("/hooks/sendcloud", "application/json", body, "Sendcloud-Signature", Signing.sendcloud(body));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(200, gateway.get("/observe/health/ready").statusCode());
    }
}
