package io.kurir.log;

import org.slf4j.MDC;

/**
 * The event or delivery a thread is handling, as fields of every log line it writes meanwhile (SLF4J's
 * MDC): top-level fields of the JSON lines, `[event_id=…, source=…]` in the text ones. Opened with
 * try-with-resources, so they never outlive the work on a pooled thread.
 */
public final class LogFields implements AutoCloseable {

    public static final String EVENT_ID = "event_id";
    public static final String SOURCE = "source";
    public static final String DESTINATION = "destination";
    public static final String DELIVERY_ID = "delivery_id";
    public static final String ATTEMPT = "attempt";
    public static final String CLIENT = "client";

    private final String[] keys;

    private LogFields(String[] keys) {
        this.keys = keys;
    }

    /** `key, value, key, value, …`; a null value leaves its key out. */
    public static LogFields of(String... keysAndValues) {
        String[] keys = new String[keysAndValues.length / 2];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = keysAndValues[2 * i];
            String value = keysAndValues[2 * i + 1];
            if (value != null) {
                MDC.put(keys[i], value);
            }
        }
        return new LogFields(keys);
    }

    @Override
    public void close() {
        for (String key : keys) {
            MDC.remove(key);
        }
    }
}
