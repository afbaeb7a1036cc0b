package io.kurir.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
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

/** Every event answered 200 by the embedded store is still there after SIGKILL and a restart. */
class KillNineIT {

    private static final int THREADS = 8;

    private static HttpResponse<String> postParcel(RunningJar jar, String id) throws Exception {
        byte[] body = ("{\"action\":\"parcel_status_changed\",\"parcel\":{\"id\":\"" + id + "\",\"status\":{\"id\":3,\"message\":\"x\"}}}").getBytes();
        return jar.post("/hooks/sendcloud", "application/json", body, "Sendcloud-Signature", Signing.sendcloud(body));
    }

    /** Posts `count` events from several threads and kills the jar the moment the last answer is in. */
    private static Set<String> postAllThenKill(RunningJar jar, String prefix, int count) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(THREADS);
        try {
            List<java.util.concurrent.Callable<String>> posts = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = prefix + i;
                posts.add(() -> {
                    HttpResponse<String> response = postParcel(jar, id);
                    assertEquals(200, response.statusCode(), response.body());
                    return Gateway.json(response.body()).get("id").asText();
                });
            }
            Set<String> acked = new java.util.HashSet<>();
            for (Future<String> answer : senders.invokeAll(posts)) {
                acked.add(answer.get());
            }
            jar.kill9();
            return acked;
        } finally {
            senders.shutdownNow();
        }
    }

    /** Posts from several threads until `stopAfter` events are acknowledged, then kills the jar with requests in flight. */
    private static Set<String> postThenKill(RunningJar jar, String prefix, int stopAfter) throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                running.add(senders.submit(() -> {
                    while (acked.size() < stopAfter) {
                        try {
                            HttpResponse<String> response = postParcel(jar, prefix + next.incrementAndGet());
                            if (response.statusCode() == 200) {
                                acked.add(Gateway.json(response.body()).get("id").asText());
                            }
                        } catch (Exception connectionGone) {
                            return null;
                        }
                    }
                    return null;
                }));
            }
            while (acked.size() < stopAfter) {
                Thread.sleep(1);
            }
            jar.kill9();
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            senders.shutdownNow();
        }
        return Set.copyOf(acked);
    }

    private static int found(RunningJar jar, Set<String> ids) throws Exception {
        int found = 0;
        for (String id : ids) {
            if (jar.api("/api/events/" + id).statusCode() == 200) {
                found++;
            }
        }
        return found;
    }

    @Test
    void keepsEveryAcknowledgedEventThroughSigkill() throws Exception {
        // round 1: killed right after the last 200; round 2: killed with requests still in flight
        Path directory = RunningJar.newWorkingDirectory();

        Set<String> firstRound = postAllThenKill(RunningJar.start(directory, Map.of()), "kill-a-", 200);
        Set<String> secondRound;
        try (RunningJar restarted = RunningJar.start(directory, Map.of())) {
            int found = found(restarted, firstRound);
            System.out.printf("kill -9 round 1: acked=%d found=%d%n", firstRound.size(), found);
            assertEquals(firstRound.size(), found);
        }

        secondRound = postThenKill(RunningJar.start(directory, Map.of()), "kill-b-", 150);
        try (RunningJar restarted = RunningJar.start(directory, Map.of())) {
            int found = found(restarted, secondRound);
            System.out.printf("kill -9 round 2: acked=%d found=%d%n", secondRound.size(), found);
            assertEquals(secondRound.size(), found);
            assertTrue(secondRound.size() >= 150);
        }
    }
}
