// Constant-rate ("wrk2-style") load for the fixed-rate rows: Debian has no wrk2, and wrk's own
// delay() only spaces requests after each answer, so it slows down exactly when the server does.
//
//   java bench/Paced.java --port 8080 --rate 2000 --duration 15 --connections 32 \
//        --kind mix|delivered --size 1024 --tag run1 [--out requests.tsv] [--keys 100]
//
// Request i is due at start + i/rate whatever happened before. Each of the connections (HTTP/1.1
// keep-alive, blocking I/O, one thread each) takes the next due request, waits for its time, sends
// it and reads the answer. Latency is measured from the time the request was due, not from when a
// free connection got round to it: a stalled server is charged for every request it delayed
// (no coordinated omission), which is what wrk2 reports. The run is bounded: requests not sent by
// 1.5x the duration (+2 s) are counted as unsent, with the end of the run as a lower bound of their
// latency. The bodies are the same as bench/webhooks.lua builds, signed here (HMAC-SHA256 for Sendcloud, header secret for Biteship).
// --out writes one line per request: index, due, sent and answered (epoch microseconds), status,
// event id; the end-to-end rows join it with the receiver's log on the event id (webhook-id).
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public final class Paced {

    static final String SENDCLOUD_SECRET = env("BENCH_SENDCLOUD_SECRET", "dev-Sendcloud-Secret-1!");
    static final String BITESHIP_SECRET = env("BENCH_BITESHIP_SECRET", "dev-biteship-secret");
    static final String[][] SENDCLOUD_STATUSES = {
            {"11", "Delivered"}, {"3", "En route to sorting center"}, {"11", "Delivered"}, {"91", "Parcel en route"},
            {"11", "Delivered"}, {"12", "Awaiting customer pickup"}, {"11", "Delivered"}, {"2000", "Returned to sender"}};
    static final String[] BITESHIP_STATUSES = {"confirmed", "allocated", "picking_up", "picked", "dropping_off", "on_hold"};
    static final String ITEM = "{\"description\":\"Kaos polos cotton combed 30s hitam\",\"quantity\":2,\"weight\":\"0.250\","
            + "\"price\":\"89000.00\",\"sku\":\"KPC-30S-BLK-L\",\"hs_code\":\"610910\",\"origin_country\":\"ID\"}";

    record Result(long index, long dueMicros, long sentMicros, long doneMicros, long latencyNanos, int status, String id) {
    }

    static String host = "127.0.0.1";
    static int port;
    static String kind = "mix";
    static int size = 1024;
    static String tag = "paced";
    /** --keys K: Sendcloud parcel ids cycle over K values (an ordering key per parcel); 0, the default: every parcel its own. */
    static long keys = 0;

    public static void main(String[] args) throws Exception {
        double rate = 1000;
        double duration = 10;
        int connections = 32;
        String out = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--host" -> host = args[i + 1];
                case "--rate" -> rate = Double.parseDouble(args[i + 1]);
                case "--duration" -> duration = Double.parseDouble(args[i + 1]);
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                case "--kind" -> kind = args[i + 1];
                case "--size" -> size = Integer.parseInt(args[i + 1]);
                case "--tag" -> tag = args[i + 1];
                case "--keys" -> keys = Long.parseLong(args[i + 1]);
                case "--out" -> out = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long period = (long) (1e9 / rate);
        long total = (long) (rate * duration);
        AtomicLong next = new AtomicLong();
        List<List<Result>> perThread = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        // a common clock: nanoTime for pacing, converted to epoch microseconds for the log
        Instant epoch0 = Instant.now();
        long nano0 = System.nanoTime();
        long epochMicros0 = epoch0.getEpochSecond() * 1_000_000L + epoch0.getNano() / 1000;
        long start = nano0 + 500_000_000L;
        // a server slower than the rate would otherwise make the run last total/its rate: stop at 1.5x
        long deadline = start + (long) (duration * 1.5e9) + 2_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            List<Result> results = new ArrayList<>();
            perThread.add(results);
            Thread t = new Thread(() -> {
                Conn conn = null;
                try {
                    conn = new Conn(); // connected before the first request is due
                } catch (IOException e) {
                    errors.incrementAndGet();
                }
                Mac mac = hmac();
                while (true) {
                    long i = next.getAndIncrement();
                    if (i >= total) {
                        break;
                    }
                    long due = start + i * period;
                    if (System.nanoTime() > deadline) {
                        break; // bounded: what was not sent by then is counted as unsent, not sent late
                    }
                    byte[] request = request(i, mac);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    long sent = System.nanoTime();
                    int status;
                    String id = "-";
                    try {
                        if (conn == null) {
                            conn = new Conn();
                        }
                        String body = conn.exchange(request);
                        status = conn.status;
                        int at = body.indexOf("\"id\":\"");
                        if (at >= 0) {
                            id = body.substring(at + 6, body.indexOf('"', at + 6));
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        status = 0;
                        if (conn != null) {
                            conn.close();
                        }
                        conn = null;
                    }
                    long done = System.nanoTime();
                    results.add(new Result(i, epochMicros0 + (due - nano0) / 1000, epochMicros0 + (sent - nano0) / 1000,
                            epochMicros0 + (done - nano0) / 1000, done - due, status, id));
                }
                if (conn != null) {
                    conn.close();
                }
            }, "paced-" + c);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        long end = System.nanoTime();
        List<Result> all = new ArrayList<>();
        perThread.forEach(all::addAll);
        // requests never sent are as late as the end of the run at least: counted with that lower bound
        boolean[] sentIndex = new boolean[(int) total];
        all.forEach(r -> sentIndex[(int) r.index] = true);
        long[] latencies = new long[(int) total];
        int k = 0;
        for (Result r : all) {
            latencies[k++] = r.latencyNanos;
        }
        long unsent = 0;
        for (int i = 0; i < total; i++) {
            if (!sentIndex[i]) {
                latencies[k++] = Math.max(0, end - (start + i * period));
                unsent++;
            }
        }
        Arrays.sort(latencies);
        long ok = all.stream().filter(r -> r.status == 200).count();
        double elapsed = (end - start) / 1e9;
        System.out.printf("PACED target_rps=%.0f achieved_rps=%.1f planned=%d sent=%d unsent=%d ok=%d non200=%d errors=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d%n",
                rate, all.size() / elapsed, total, all.size(), unsent, ok, all.size() - ok - errors.get(), errors.get(),
                pct(latencies, 50) / 1000, pct(latencies, 99) / 1000, pct(latencies, 99.9) / 1000,
                latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1000);
        if (out != null) {
            all.sort((a, b) -> Long.compare(a.index, b.index));
            try (BufferedWriter w = Files.newBufferedWriter(Path.of(out))) {
                for (Result r : all) {
                    w.write(r.index + "\t" + r.dueMicros + "\t" + r.sentMicros + "\t" + r.doneMicros + "\t" + r.status + "\t" + r.id + "\n");
                }
            }
        }
    }

    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    static Mac hmac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SENDCLOUD_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String pad(String prefix, String suffix) {
        StringBuilder sb = new StringBuilder(size + 256).append(prefix).append("\"parcel_items\":[");
        int len = prefix.length() + 16 + suffix.length() + 12;
        boolean first = true;
        while (len + ITEM.length() + 1 < size) {
            sb.append(first ? "" : ",").append(ITEM);
            len += ITEM.length() + (first ? 0 : 1);
            first = false;
        }
        sb.append("],\"note\":\"");
        for (int k = len; k < size; k++) {
            sb.append('x');
        }
        return sb.append('"').append(suffix).toString();
    }

    static String sendcloud(long n, String[] status) {
        String id = tag + "-" + n;
        String prefix = "{\"action\":\"parcel_status_changed\",\"timestamp\":" + (1763800000000L + n)
                + ",\"parcel\":{\"id\":" + (100000000L + (keys > 0 ? n % keys : n)) + ",\"name\":\"Budi Santoso\",\"company_name\":\"Toko Budi\","
                + "\"address\":\"Jl. Kebon Jeruk Raya No. 27\",\"address_2\":\"RT 05 / RW 02\",\"city\":\"Jakarta Barat\","
                + "\"postal_code\":\"11530\",\"telephone\":\"+6281234567890\",\"email\":\"budi@example.com\","
                + "\"tracking_number\":\"SC" + id + "\",\"tracking_url\":\"https://tracking.sendcloud.sc/forward?carrier=postnl&code=SC" + id + "\","
                + "\"status\":{\"id\":" + status[0] + ",\"message\":\"" + status[1] + "\"},"
                + "\"carrier\":{\"code\":\"postnl\"},\"shipment\":{\"id\":8,\"name\":\"PostNL Standard 0-23kg\"},"
                + "\"order_number\":\"ORD-" + id + "\",\"weight\":\"0.500\",\"country\":{\"iso_2\":\"NL\",\"iso_3\":\"NLD\",\"name\":\"Netherlands\"},";
        return pad(prefix, "}}");
    }

    static String biteship(long n, String event, String status) {
        String id = tag + "-" + n;
        String prefix = "{\"event\":\"" + event + "\",\"courier_tracking_id\":\"trk_" + id + "\","
                + "\"courier_waybill_id\":\"WYB-" + id + "\",\"courier_company\":\"jne\",\"courier_type\":\"reg\","
                + "\"courier_driver_name\":\"Andi\",\"courier_driver_phone\":\"081298765432\",\"courier_link\":\"https://biteship.com/track\","
                + "\"order_id\":\"ord_" + id + "\",\"order_price\":125000,\"status\":\"" + status + "\","
                + "\"updated_at\":\"2026-11-22T08:00:00+07:00\",\"shipper_contact_name\":\"Toko Budi\","
                + "\"destination_contact_name\":\"Siti Rahma\",\"destination_address\":\"Jl. Merdeka No. 10, Bandung\",";
        return pad(prefix, "}");
    }

    static byte[] request(long i, Mac mac) {
        long counter = i + 1;
        String body;
        String path;
        String auth;
        if (kind.equals("mix") && counter % 2 == 0) {
            long k = counter / 2;
            body = k % 4 == 0 ? biteship(counter, "order.waybill_id", "allocated")
                    : biteship(counter, "order.status", BITESHIP_STATUSES[(int) (k % BITESHIP_STATUSES.length)]);
            path = "/hooks/biteship?shop=toko-budi";
            auth = "X-Biteship-Signature: " + BITESHIP_SECRET;
        } else {
            String[] status = kind.equals("mix") ? SENDCLOUD_STATUSES[(int) ((counter / 2) % SENDCLOUD_STATUSES.length)] : SENDCLOUD_STATUSES[0];
            body = sendcloud(counter, status);
            path = kind.equals("fanout") ? "/hooks/bench4?shop=toko-budi" : "/hooks/sendcloud?shop=toko-budi";
            auth = "Sendcloud-Signature: " + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: application/json\r\n"
                + auth + "\r\nContent-Length: " + b.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(h, h.length + b.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }

    /** One keep-alive HTTP/1.1 connection: just enough of the protocol for these answers. */
    static final class Conn {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        int status;

        Conn() throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(30_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        String exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            status = Integer.parseInt(statusLine.split(" ")[1]);
            long length = -1;
            boolean chunked = false;
            boolean close = false;
            String h;
            while (!(h = line()).isEmpty()) {
                String lower = h.toLowerCase();
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            StringBuilder body = new StringBuilder();
            if (chunked) {
                while (true) {
                    int n = Integer.parseInt(line().split(";")[0].trim(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    body.append(new String(in.readNBytes(n), StandardCharsets.UTF_8));
                    line();
                }
            } else if (length >= 0) {
                body.append(new String(in.readNBytes((int) length), StandardCharsets.UTF_8));
            }
            if (close) {
                throw new IOException("server closed the connection");
            }
            return body.toString();
        }

        String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int l = sb.length();
                    return l > 0 && sb.charAt(l - 1) == '\r' ? sb.substring(0, l - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            throw new IOException("connection closed");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
