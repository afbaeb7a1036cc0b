import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.sun.net.httpserver.HttpServer;

/**
 * A downstream to try Kurir's deliveries against: prints every request it gets (the signature and
 * id headers and the body) and answers 200. Run by bin/echo-receiver; listens on 127.0.0.1 only.
 */
public final class EchoReceiver {

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9090;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            StringBuilder line = new StringBuilder()
                    .append(Instant.now()).append(' ').append(exchange.getRequestMethod()).append(' ')
                    .append(exchange.getRequestURI());
            for (String header : new String[] {"webhook-id", "webhook-timestamp", "webhook-signature", "Content-Type"}) {
                String value = exchange.getRequestHeaders().getFirst(header);
                if (value != null) {
                    line.append("\n  ").append(header).append(": ").append(value);
                }
            }
            line.append("\n  ").append(new String(body, StandardCharsets.UTF_8)).append('\n');
            System.out.print(line);
            System.out.flush();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        System.out.println("echo-receiver: listening on http://127.0.0.1:" + port + "/ (answers 200 to anything)");
    }
}
