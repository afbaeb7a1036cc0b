package io.kurir.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.kurir.support.Downstream;
import io.kurir.support.Gateway;
import io.kurir.support.TestStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A gateway whose core is busier than its routing can keep up with: webhooks are answered first,
 * and what routing could not take yet is routed from the store as soon as it can.
 */
@ParameterizedClass
@EnumSource(TestStore.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BusyCoreTest {

    /** Routing the first event takes its time, so that the events posted meanwhile find its queue full. */
    private static final long SLOW_ROUTE_MILLIS = 3_000;
    private static final String ROUTES = """
            - route:
                from:
                  uri: kurir:source:biteship
                  steps:
                    - filter:
                        simple: "${bodyAs(String)} contains 'slow-to-route'"
                        steps:
                          - delay:
                              constant: %d
                    - to: kurir:destination:shop
            - route:
                from:
                  uri: kurir:destination:shop
                  steps:
                    - to: "{{test.shop.url}}"
            """.formatted(SLOW_ROUTE_MILLIS);

    @Parameter
    TestStore store;

    private Downstream shop;
    private Gateway gateway;

    @BeforeParameterizedClassInvocation
    void start() throws Exception {
        shop = new Downstream();
        Path routes = Files.createTempDirectory("kurir-routes");
        Files.writeString(routes.resolve("busy.yaml"), ROUTES);
        gateway = Gateway.onFreshStore(store, Map.of(
                "camel.main.routes-include-pattern", "file:" + routes + "/*.yaml",
                "test.shop.url", shop.url("/shop"),
                "kurir.route.threads", "1",
                // one commit's events fill the queue: every commit while it is routed finds it full
                "kurir.route.max-queued-bytes", "1",
                // the recovery scan would not route a left event within the test
                "kurir.route.recovery-interval", "600000",
                "kurir.deliver.poll-interval", "50"));
    }

    @AfterParameterizedClassInvocation
    void stop() {
        gateway.close();
        shop.close();
    }

    @BeforeEach
    void freshDownstream() {
        shop.reset();
    }

    private String post(String orderId) {
        return gateway.postBiteship("/hooks/biteship",
                "{\"event\":\"order.waybill_id\",\"order_id\":\"" + orderId + "\",\"courier_tracking_id\":\"trk\"}");
    }

    @Test
    void eventsThatFindTheRoutingQueueFullAreRoutedAsSoonAsItHasRoom() throws Exception {
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>(List.of(post("slow-to-route")));
        for (int i = 0; i < 5; i++) {
            // each answered after its own commit, so each finds the queue holding the first
            ids.add(post("busy-" + i));
        }
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(SLOW_ROUTE_MILLIS),
                "all were posted while the first was being routed");

        Set<String> delivered = new TreeSet<>();
        for (int i = 0; i < ids.size(); i++) {
            delivered.add(shop.next().header("webhook-id"));
        }
        assertEquals(new TreeSet<>(ids), delivered);
    }
}
