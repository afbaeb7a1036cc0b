package io.kurir.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Webhooks are read on the event loop: senders trickling their bodies hold no thread from the others. */
class SlowSendersTest {

    private static final int READ_TIMEOUT_MS = 3_000;

    private static Gateway gateway;

    @BeforeAll
    static void start() {
        // one worker thread: had webhooks still held one each, a single slow sender would stop all the others
        gateway = Gateway.onFreshStore(TestStore.EMBEDDED, Map.of(
                "kurir.http.worker-threads", "1",
                "kurir.ingest.read-timeout", String.valueOf(READ_TIMEOUT_MS)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aWebhookIsAcceptedWhileMoreSendersThanWorkerThreadsTrickleTheirBodies() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                slow.add(startTrickling());
            }
            byte[] body = "{\"action\":\"parcel_status_changed\",\"timestamp\":1700000000000,\"parcel\":{\"id\":1,\"tracking_number\":\"FAST-1\",\"status\":{\"id\":3,\"message\":\"x\"}}}"
                    .getBytes(StandardCharsets.UTF_8);
            long started = System.nanoTime();
            HttpResponse<String> answer = gateway.post("/hooks/sendcloud", "application/json", body,
                    "Sendcloud-Signature", Signing.sendcloud(body));
            long tookMs = (System.nanoTime() - started) / 1_000_000;

            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(answer.body().contains("\"accepted\""), answer.body());
            // had it waited for a thread, it would have been answered only after a read timeout
            assertTrue(tookMs < READ_TIMEOUT_MS, "answered after " + tookMs + " ms");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyThatStopsArrivingGets408AndTheConnectionIsClosed() throws Exception {
        try (Socket slow = startTrickling()) {
            slow.setSoTimeout(READ_TIMEOUT_MS * 3);
            String answer = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("\"error\":\"request_timeout\""), answer);
        }
    }

    /** A request of 600 declared bytes of which only the first few are sent. */
    private static Socket startTrickling() throws Exception {
        return gateway.startSlowPost("/hooks/sendcloud", 600);
    }
}
