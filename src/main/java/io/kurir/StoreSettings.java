package io.kurir;

import io.kurir.store.Database;

/**
 * The settings of the store (io.kurir.store) and of routing events out of it (EventRouter), declared
 * here rather than beside the code that reads them while that code is being rewritten. Database and
 * KurirConfiguration's EventStore and EventRouter lines still write their defaults out where they read
 * them; SettingDefaultsTest holds those to these declarations until they read them.
 */
public final class StoreSettings {

    public static final Setting<String> DB_URL = new Setting<>("kurir.db.url", Database.EMBEDDED_URL,
            "embedded SQLite file `./data/kurir.db` (WAL, fsync per commit)",
            "`KURIR_DB_URL`, e.g. `jdbc:postgresql://127.0.0.1:5432/test`");
    public static final Setting<String> DB_USER = Setting.unset("kurir.db.user", "", "the store's user name (`KURIR_DB_USER`)");
    public static final Setting<String> DB_PASSWORD = Setting.unset("kurir.db.password", "", "the store's password (`KURIR_DB_PASSWORD`)");
    public static final Setting<Integer> DB_POOL_SIZE = Setting.ofInt("kurir.db.pool-size", 10, "HikariCP pool size");
    public static final Setting<Long> DB_CONNECTION_TIMEOUT = Setting.ofLong("kurir.db.connection-timeout", 3000,
            "ms to wait for a connection before ingest answers 503");
    public static final Setting<Long> STORE_TIMEOUT = Setting.ofLong("kurir.ingest.store-timeout", 10_000,
            "ms by which a webhook is answered: 503 `store_unavailable` when its event was not stored (and never will be: no "
                    + "commit is started that could not end by then)");
    public static final Setting<String> DB_STATEMENT_TIMEOUT = Setting.unset("kurir.db.statement-timeout",
            "half of `kurir.ingest.store-timeout` less the connection timeout ("
                    + (STORE_TIMEOUT.defaultValue() - DB_CONNECTION_TIMEOUT.defaultValue()) / 2 + ")",
            "PostgreSQL's `statement_timeout` on the pool's connections (the socket times out a second later at most); migrations "
                    + "run without it. With the connection timeout it bounds one commit, which must stay under the store timeout "
                    + "(checked at start-up); on the embedded store the URL's `busy_timeout` (5000) stands for it");
    public static final Setting<Long> DB_STARTUP_TIMEOUT = Setting.ofLong("kurir.db.startup-timeout", 30_000,
            "ms to wait for the store at start-up");
    public static final Setting<String> DB_USER_MIGRATIONS = Setting.ofString("kurir.db.user-migrations", "routes/migrations",
            "Flyway migrations for the tables your routes write to (own history table)");

    public static final Setting<Long> COMMIT_DELAY = Setting.ofLong("kurir.ingest.commit-delay", 500,
            "µs a commit of fewer webhooks than `kurir.ingest.commit-delay-below` waits for more (0: never), like PostgreSQL's "
                    + "`commit_delay`: under moderate load a webhook had a commit to itself, and its routing, lease and attempt record "
                    + "one each after it; a few per commit leave the core to the deliveries (docs/BENCHMARKS.md)");
    public static final Setting<Integer> COMMIT_DELAY_BELOW = Setting.ofInt("kurir.ingest.commit-delay-below", 4,
            "commits of fewer webhooks than this wait `kurir.ingest.commit-delay` for more");

    public static final Setting<Integer> ROUTE_THREADS = Setting.ofInt("kurir.route.threads", 4,
            "threads running source routes (each takes a whole commit's events and records their deliveries in one transaction)");
    public static final Setting<Long> ROUTE_MAX_QUEUED_BYTES = Setting.ofLong("kurir.route.max-queued-bytes", 8L * 1024 * 1024,
            "bytes of bodies waiting for a routing thread; when routing falls behind (a burst on a busy core), further events wait "
                    + "in the store and are routed from there as soon as the queue is half empty");
    public static final Setting<Long> ROUTE_RECOVERY_INTERVAL = Setting.ofLong("kurir.route.recovery-interval", 10_000,
            "ms between scans of the store for events this instance should route and its queue does not hold: its own from before "
                    + "a restart or a lapse of its heartbeat, those of instances that are down, and routes that failed (also scanned "
                    + "at once when an instance goes down or beats resume)");
    public static final Setting<Long> ROUTE_RETRY_DELAY = Setting.ofLong("kurir.route.retry-delay", 30_000,
            "ms after which an event whose route failed (a bug in it, a dependency down) is routed again");

    public static final Setting<Long> RETENTION_DAYS = Setting.ofLong("kurir.retention.days", 30, "days events are kept");
    public static final Setting<Long> RETENTION_INTERVAL = Setting.ofLong("kurir.retention.interval", 3_600_000,
            "ms between two purges of older events");

    private StoreSettings() {
    }
}
