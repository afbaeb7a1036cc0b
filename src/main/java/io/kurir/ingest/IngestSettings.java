package io.kurir.ingest;

import io.kurir.Settings;

/** How webhooks are received: `kurir.ingest.*` and `kurir.public-url`. */
public record IngestSettings(long maxBodyBytes, long maxBytesInFlight, long readTimeoutMillis, long storeTimeoutMillis,
                             PublicUrl publicUrl) {

    public IngestSettings {
        if (readTimeoutMillis < 1) {
            throw new IllegalArgumentException("kurir.ingest.read-timeout must be at least 1 ms, not " + readTimeoutMillis);
        }
    }

    /** @param storeTimeoutMillis worked out with the store's own bounds, see {@code Database.Timeouts} */
    public static IngestSettings from(Settings settings, long storeTimeoutMillis) {
        return new IngestSettings(settings.getLong("kurir.ingest.max-body-bytes", 1_048_576),
                settings.getLong("kurir.ingest.max-bytes-in-flight", 16_777_216),
                settings.getLong("kurir.ingest.read-timeout", 10_000), storeTimeoutMillis, PublicUrl.from(settings));
    }
}
