package io.kurir.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, 1_000, 10_000, 2);
    private final AttemptOutcome failed = new AttemptOutcome(false, 500, null, "HTTP 500", null);

    @Test
    void doublesTheDelayAfterEachFailureUpToTheMaximum() {
        assertEquals(1_000, policy.backoff(1));
        assertEquals(2_000, policy.backoff(2));
        assertEquals(4_000, policy.backoff(3));
        assertEquals(8_000, policy.backoff(4));
        assertEquals(10_000, policy.backoff(5));
    }

    @Test
    void jittersEachDelayBetweenHalfAndAllOfTheBackoff() {
        for (int i = 0; i < 1_000; i++) {
            long delay = policy.after(3, failed, 0).at();
            assertTrue(delay >= 2_000 && delay <= 4_000, "delay " + delay);
        }
    }

    @Test
    void declaresTheDeliveryDeadAfterTheLastAttempt() {
        RetryPolicy.Next next = policy.after(5, failed, 0);

        assertEquals("dead", next.status());
        assertNull(next.at());
    }

    @Test
    void marksASuccessDelivered() {
        RetryPolicy.Next next = policy.after(2, new AttemptOutcome(true, 200, "ok", null, null), 0);

        assertEquals("delivered", next.status());
        assertNull(next.at());
    }

    @Test
    void waitsWhatRetryAfterSaysInsteadOfTheBackoff() {
        RetryPolicy.Next next = policy.after(1, new AttemptOutcome(false, 429, null, "HTTP 429", 120_000L), 5);

        assertEquals("retrying", next.status());
        assertEquals(120_005, next.at());
    }

    @Test
    void letsADestinationOverrideTheGlobalSettings() {
        org.apache.camel.impl.DefaultCamelContext context = new org.apache.camel.impl.DefaultCamelContext();
        java.util.Properties properties = new java.util.Properties();
        properties.put("kurir.retry.max-attempts", "7");
        properties.put("kurir.retry.initial-delay", "5000");
        properties.put("kurir.destination.crm.retry.max-attempts", "3");
        context.getPropertiesComponent().setInitialProperties(properties);
        io.kurir.Settings settings = new io.kurir.Settings(context);

        assertEquals(new RetryPolicy(3, 5000, 3_600_000, 2), RetryPolicy.forDestination(settings, "crm"));
        assertEquals(new RetryPolicy(7, 5000, 3_600_000, 2), RetryPolicy.forDestination(settings, "mail"));
    }
}
