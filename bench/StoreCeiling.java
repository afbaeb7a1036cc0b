import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.kurir.Settings;
import io.kurir.store.Database;
import io.kurir.store.EventLog;
import io.kurir.store.Store;
import io.kurir.store.Ids;
import io.kurir.store.StoredEvent;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The embedded store's ceiling, without HTTP: Kurir's own EventStore (group commit, the migrated
 * schema, the embedded H2 URL) appended to by `--senders` threads, each waiting for its commit like
 * a request does, for `--seconds`. Prints one line:
 *   STORE schema=full events=… events_per_s=… cpu_us_per_event=… mean_batch=…
 *
 *   java -cp target/kurir.jar:<classes> StoreCeiling --seconds 10 --senders 32   (run in an empty directory)
 */
public final class StoreCeiling {

    public static void main(String[] args) throws Exception {
        int seconds = 10;
        int senders = 32;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--senders" -> senders = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        run("full", seconds, senders);
    }

    private static void run(String name, int seconds, int senders) throws Exception {
        Path data = Path.of("data");
        if (Files.exists(data)) {
            try (var files = Files.walk(data)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        try (DefaultCamelContext context = new DefaultCamelContext();
             HikariDataSource dataSource = Database.open(new Settings(context))) {
            // the gateway's defaults (kurir.instance.timeout, kurir.ingest.commit-delay and -below); nothing routes here
            Store writes = new Store(dataSource, 500, 4, Database.timeouts(new Settings(context)).commitBoundMillis());
            EventLog store = new EventLog(writes, "store-ceiling");
            AtomicLong commits = new AtomicLong();
            store.onCommitted(commits::incrementAndGet);
            writes.start();
            byte[] body = new byte[1024];
            java.util.Arrays.fill(body, (byte) 'x');
            Map<String, String> headers = Map.of("Content-Type", "application/json", "User-Agent", "wrk",
                    "Sendcloud-Signature", "***", "Host", "127.0.0.1:8080", "Content-Length", "1024");
            AtomicLong appended = new AtomicLong();
            long warmUntil = System.nanoTime() + 3_000_000_000L;
            long endAt = warmUntil + seconds * 1_000_000_000L;
            long[] measured = new long[1];
            long[] cpuAt = new long[2];
            long[] commitsAt = new long[1];
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                Thread thread = new Thread(() -> {
                    long n = 0;
                    while (System.nanoTime() < endAt) {
                        long now = System.currentTimeMillis();
                        StoredEvent event = new StoredEvent(Ids.next("evt", now), n % 2 == 0 ? "sendcloud" : "biteship",
                                "sha256:" + java.util.UUID.randomUUID() + java.util.UUID.randomUUID(), "parcel_status_changed",
                                "test", StoredEvent.RECEIVED, now, "application/json", headers, Map.of(), body, null, null, false, null, null);
                        CompletableFuture<?> done = store.append(event, System.nanoTime() + 10_000_000_000L);
                        done.join();
                        if (System.nanoTime() > warmUntil) {
                            appended.incrementAndGet();
                        }
                        n++;
                    }
                });
                threads.add(thread);
                thread.start();
            }
            while (System.nanoTime() < warmUntil) {
                Thread.sleep(10);
            }
            cpuAt[0] = processCpuNanos();
            commitsAt[0] = commits.get();
            measured[0] = System.nanoTime();
            for (Thread thread : threads) {
                thread.join();
            }
            long elapsed = System.nanoTime() - measured[0];
            cpuAt[1] = processCpuNanos();
            long events = appended.get();
            writes.stop();
            System.out.printf(java.util.Locale.ROOT, "STORE schema=%s events=%d events_per_s=%.0f cpu_us_per_event=%.1f mean_batch=%.1f%n",
                    name, events, events * 1e9 / elapsed, (cpuAt[1] - cpuAt[0]) / 1e3 / Math.max(1, events),
                    (double) events / Math.max(1, commits.get() - commitsAt[0]));
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
