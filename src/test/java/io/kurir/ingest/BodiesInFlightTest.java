package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** `kurir.ingest.max-bytes-in-flight` bounds the webhook bodies held in memory at once. */
class BodiesInFlightTest {

    private static Gateway gateway;

    @BeforeAll
    static void start() {
        gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of("kurir.ingest.max-bytes-in-flight", "700",
                "kurir.ingest.read-timeout", "1500"));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static HttpResponse<String> postSendcloud(String tracking) {
        byte[] body = ("{\"action\":\"parcel_status_changed\",\"timestamp\":1700000000000,\"parcel\":{\"id\":1,\"tracking_number\":\""
                + tracking + "\",\"status\":{\"id\":3,\"message\":\"" + "x".repeat(200) + "\"}}}").getBytes(StandardCharsets.UTF_8);
        return gateway.post("/hooks/sendcloud", "application/json", body, "Sendcloud-Signature", Signing.sendcloud(body));
    }

    /** A body of 600 declared bytes, of which only the first arrive: its room is held meanwhile. */
    private static Socket startSlowBody() throws Exception {
        return gateway.startSlowPost("/hooks/sendcloud", 600);
    }

    @Test
    void answers503WhileOtherBodiesFillTheBudgetAndAcceptsOnceTheyAreDone() throws Exception {
        try (Socket slow = startSlowBody()) {

            HttpResponse<String> refused = postSendcloud("BUSY-1");
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("busy", Gateway.json(refused.body()).path("error").asText());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
        }
        // the slow sender hung up: its room is given back
        long deadline = System.currentTimeMillis() + 5_000;
        HttpResponse<String> accepted;
        do {
            Thread.sleep(100);
            accepted = postSendcloud("BUSY-2-" + System.nanoTime());
        } while (accepted.statusCode() == 503 && System.currentTimeMillis() < deadline);
        assertEquals(200, accepted.statusCode(), accepted.body());
        assertTrue(accepted.body().contains("\"accepted\""), accepted.body());
    }

    @Test
    void theRoomOfABodyThatStoppedArrivingIsGivenBackWithIts408() throws Exception {
        try (Socket slow = startSlowBody()) {
            slow.setSoTimeout(10_000);
            String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);

            HttpResponse<String> accepted = postSendcloud("AFTER-408-" + System.nanoTime());
            assertEquals(200, accepted.statusCode(), accepted.body());
        }
    }
}
