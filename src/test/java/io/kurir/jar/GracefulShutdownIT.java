package io.kurir.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.kurir.support.Gateway;
import io.kurir.support.Signing;
import org.junit.jupiter.api.Test;

/** SIGTERM under load: the gateway stops taking requests, finishes what it took, exits; nothing acknowledged is lost. */
class GracefulShutdownIT {

    @Test
    void keepsEveryAcknowledgedEventThroughSigterm() throws Exception {
        Path directory = RunningJar.newWorkingDirectory();
        RunningJar jar = RunningJar.start(directory, Map.of());
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refusedWhileStopping = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            running.add(senders.submit(() -> {
                while (true) {
                    byte[] body = ("{\"action\":\"parcel_status_changed\",\"parcel\":{\"id\":\"term-" + next.incrementAndGet() + "\"}}").getBytes();
                    try {
                        HttpResponse<String> response = jar.post("/hooks/sendcloud", "application/json", body,
                                "Sendcloud-Signature", Signing.sendcloud(body));
                        if (response.statusCode() == 200) {
                            acked.add(Gateway.json(response.body()).get("id").asText());
                        } else {
                            refusedWhileStopping.incrementAndGet();
                        }
                    } catch (Exception gone) {
                        return null;
                    }
                }
            }));
        }
        while (acked.size() < 200) {
            Thread.sleep(1);
        }
        int exit = jar.terminate();
        for (Future<?> f : running) {
            f.get();
        }
        senders.shutdownNow();

        try (RunningJar restarted = RunningJar.start(directory, Map.of())) {
            int found = 0;
            for (String id : acked) {
                if (restarted.api("/api/events/" + id).statusCode() == 200) {
                    found++;
                }
            }
            System.out.printf("SIGTERM under load: acked=%d found=%d refused_while_stopping=%d exit=%d%n",
                    acked.size(), found, refusedWhileStopping.get(), exit);
            assertEquals(acked.size(), found);
            assertTrue(exit == 0 || exit == 143, "exit code " + exit);
        }
    }
}
