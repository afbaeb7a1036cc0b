package io.kurir.ingest;

import io.kurir.Setting;
import io.kurir.Settings;

/** How webhooks are received: `kurir.ingest.*` and `kurir.public-url`. */
public record IngestSettings(long maxBodyBytes, long maxBytesInFlight, long readTimeoutMillis, long storeTimeoutMillis,
                             PublicUrl publicUrl) {

    public static final Setting<Long> MAX_BODY_BYTES = Setting.ofLong("kurir.ingest.max-body-bytes", 1_048_576,
            "larger bodies get 413");
    public static final Setting<Long> MAX_BYTES_IN_FLIGHT = Setting.ofLong("kurir.ingest.max-bytes-in-flight", 16_777_216,
            "bytes of bodies held in memory at once (from the first byte to the answer); beyond it 503 `busy` with `Retry-After`, "
                    + "so a flood of large requests cannot run the heap out before their signatures are checked");
    public static final Setting<Long> READ_TIMEOUT = Setting.ofLong("kurir.ingest.read-timeout", 10_000,
            "ms for a body to arrive, else 408");

    public IngestSettings {
        if (readTimeoutMillis < 1) {
            throw new IllegalArgumentException(READ_TIMEOUT.key() + " must be at least 1 ms, not " + readTimeoutMillis);
        }
    }

    /** @param storeTimeoutMillis worked out with the store's own bounds, see {@code Database.Timeouts} */
    public static IngestSettings from(Settings settings, long storeTimeoutMillis) {
        return new IngestSettings(settings.getLong(MAX_BODY_BYTES), settings.getLong(MAX_BYTES_IN_FLIGHT), settings.getLong(READ_TIMEOUT),
                storeTimeoutMillis, PublicUrl.from(settings));
    }
}
