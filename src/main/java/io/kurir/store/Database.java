package io.kurir.store;

import io.kurir.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;
import io.kurir.ConfigurationError;
import io.kurir.Settings;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one relational store: a pooled DataSource with Kurir's schema migrated. The embedded default
 * is a file under ./data/ that needs no server; `KURIR_DB_URL` points it at PostgreSQL.
 */
public final class Database {

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
            "Flyway migrations for the tables your routes write to through `jdbc:kurirDataSource` (own history table); on the "
                    + "embedded store these tables are in `./data/kurir-routes.db`, on PostgreSQL in the store's database");

    /**
     * SQLite in WAL mode: a commit appends to the log and, with synchronous=FULL, is fsynced before it
     * returns, so an acknowledged event survives kill -9 and power loss. SQLite takes one writer at a
     * time: IMMEDIATE transactions take the write lock when they begin (a transaction that read first
     * and then wrote could otherwise fail instead of waiting), and busy_timeout is how long a writer
     * waits for it before the store counts as unavailable. It bounds a webhook's commit, with the 3 s
     * connection timeout: 8 s, under the 10 s store timeout, so that the writer answers within it
     * (see {@link Timeouts}).
     */
    public static final String EMBEDDED_URL = "jdbc:sqlite:data/kurir.db"
            + "?journal_mode=WAL&synchronous=FULL&foreign_keys=true&busy_timeout=5000&transaction_mode=IMMEDIATE";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** SQLite's busy_timeout when the URL sets none. */
    private static final long SQLITE_BUSY_TIMEOUT = 3000;
    private static final Pattern BUSY_TIMEOUT = Pattern.compile("[?&]busy_timeout=(\\d+)");

    private Database() {
    }

    /**
     * How long a webhook waits for its commit, and how long one commit may take: read here, in one
     * place, because the pool, the event writer and ingest must agree on them.
     *
     * @param storeMillis      `kurir.ingest.store-timeout`: a webhook is answered this long after it arrived
     *                         at the latest, 503 when its event was not stored
     * @param connectionMillis `kurir.db.connection-timeout`: the longest wait for a connection
     * @param statementMillis  the longest a commit's statements wait: on PostgreSQL its statement_timeout,
     *                         `kurir.db.statement-timeout` (by default half of what the store timeout leaves
     *                         after the connection timeout; the other half is the most an event may wait for
     *                         the writer); on the embedded store the URL's busy_timeout, the wait for the write
     *                         lock, which only a route's own connection
     *                         could hold (Kurir's writes all go through its one writer)
     */
    public record Timeouts(long storeMillis, long connectionMillis, long statementMillis) {

        /** The longest one commit may take: shorter than the store timeout, else no event could be stored in time. */
        public long commitBoundMillis() {
            return connectionMillis + statementMillis;
        }
    }

    public static Timeouts timeouts(Settings settings) {
        long store = settings.getLong(STORE_TIMEOUT);
        long connection = settings.getLong(DB_CONNECTION_TIMEOUT);
        String url = url(settings);
        long statement = isEmbedded(url) ? busyTimeout(url) : settings.getLong(DB_STATEMENT_TIMEOUT.key(), (store - connection) / 2);
        Timeouts timeouts = new Timeouts(store, connection, statement);
        if (statement < 1 || timeouts.commitBoundMillis() >= store) {
            throw new IllegalArgumentException("kurir.ingest.store-timeout (" + store + " ms) must be longer than one commit may take: "
                    + "kurir.db.connection-timeout (" + connection + " ms) and " + statement + " ms for its statements ("
                    + (isEmbedded(url) ? "the URL's busy_timeout" : "kurir.db.statement-timeout") + ", at least 1 ms)");
        }
        return timeouts;
    }

    public static HikariDataSource open(Settings settings) {
        Timeouts timeouts = timeouts(settings);
        HikariConfig config = new HikariConfig();
        config.setPoolName("kurir-store");
        String url = url(settings);
        createFolderOf(url);
        config.setJdbcUrl(url);
        settings.get(DB_USER.key()).ifPresent(config::setUsername);
        settings.get(DB_PASSWORD.key()).ifPresent(config::setPassword);
        config.setMaximumPoolSize(settings.getInt(DB_POOL_SIZE));
        // Fail fast when the store is down so ingest answers 503 rather than hanging.
        config.setConnectionTimeout(timeouts.connectionMillis());
        if (!isEmbedded(url)) {
            // a statement that waits (for a lock, a busy server) is cancelled by the server; a read from a server that
            // stopped answering altogether ends when the socket times out, a little later (pgjdbc counts whole seconds)
            config.addDataSourceProperty("options", "-c statement_timeout=" + timeouts.statementMillis());
            config.addDataSourceProperty("socketTimeout", Long.toString(timeouts.statementMillis() / 1000 + 1));
        }
        config.setInitializationFailTimeout(settings.getLong(DB_STARTUP_TIMEOUT));
        HikariDataSource dataSource = new HikariDataSource(config);
        // a migration may rewrite a large table: on PostgreSQL on connections of its own, without the pool's statement timeout
        DataSource migrations = isEmbedded(url) ? dataSource
                : new DriverDataSource(url, null, new Properties(), config.getUsername(), config.getPassword());
        migrate(migrations, isEmbedded(url) ? "sqlite" : "postgresql");
        LOG.info("Event store: {}", redact(config.getJdbcUrl()));
        return dataSource;
    }

    /**
     * The database of the routes' own tables (`jdbc:kurirDataSource`, e.g. `shipment_status`), with
     * their migrations applied. On PostgreSQL it is the store's pool. The embedded store keeps them in
     * a file of its own beside it (`kurir.db` → `kurir-routes.db`): SQLite takes one writer per file,
     * and a route's transaction, of any length, would otherwise hold up the webhooks' commits. One
     * connection, so that the routes' writers take turns at the pool rather than in SQLite's busy
     * handler, which sleeps between tries.
     */
    public static DataSource openForRoutes(Settings settings, HikariDataSource store) {
        String url = url(settings);
        String folder = settings.get(DB_USER_MIGRATIONS);
        if (!isEmbedded(url) || isInMemory(url)) {
            migrateUserTables(isEmbedded(url) ? store
                    : new DriverDataSource(url, null, new Properties(), store.getUsername(), store.getPassword()), folder);
            return store;
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("kurir-routes");
        config.setJdbcUrl(routesUrl(url));
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(store.getConnectionTimeout());
        HikariDataSource routes = new HikariDataSource(config);
        migrateUserTables(routes, folder);
        LOG.info("Routes' tables: {}", redact(config.getJdbcUrl()));
        return routes;
    }

    /** The embedded store's URL with `-routes` added to its file's name. */
    public static String routesUrl(String url) {
        int query = url.indexOf('?');
        String file = query < 0 ? url : url.substring(0, query);
        String rest = query < 0 ? "" : url.substring(query);
        return (file.endsWith(".db") ? file.substring(0, file.length() - 3) + "-routes.db" : file + "-routes") + rest;
    }

    private static boolean isInMemory(String url) {
        return url.contains(":memory:") || url.contains("mode=memory");
    }

    /**
     * For `--check`: the store's settings checked (the timeouts, a driver for the URL) without opening
     * it, and a private store in memory with Kurir's schema in its place, dropped with the process.
     */
    public static HikariDataSource scratch(Settings settings) {
        timeouts(settings);
        String url = url(settings);
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new ConfigurationError("kurir.db.url (" + redact(url) + ") is not a JDBC URL of a store Kurir has a driver for: "
                    + "jdbc:postgresql://… or jdbc:sqlite:…");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("kurir-check");
        config.setJdbcUrl("jdbc:sqlite:file:kurir-check?mode=memory&cache=shared");
        HikariDataSource dataSource = new HikariDataSource(config);
        migrate(dataSource, "sqlite");
        return dataSource;
    }

    private static String url(Settings settings) {
        return settings.get(DB_URL);
    }

    private static boolean isEmbedded(String url) {
        return url.startsWith("jdbc:sqlite:");
    }

    private static long busyTimeout(String url) {
        Matcher busy = BUSY_TIMEOUT.matcher(url);
        return busy.find() ? Long.parseLong(busy.group(1)) : SQLITE_BUSY_TIMEOUT;
    }

    /** SQLite creates its file but not the folders above it. */
    private static void createFolderOf(String url) {
        if (!url.startsWith("jdbc:sqlite:") || url.startsWith("jdbc:sqlite::memory:")) {
            return;
        }
        String file = url.substring("jdbc:sqlite:".length()).replaceFirst("^file:", "").replaceFirst("\\?.*$", "");
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the store's folder " + parent, e);
        }
    }

    /** The first migration differs in column types per database; the later ones are shared. */
    static void migrate(DataSource dataSource, String vendor) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor)
                .load()
                .migrate();
    }

    /**
     * Tables that destination routes write to (e.g. `shipment_status`) are the integration
     * engineer's, versioned next to the routes with a history table of their own.
     */
    private static void migrateUserTables(DataSource dataSource, String folder) {
        if (!Files.isDirectory(Path.of(folder))) {
            return;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("filesystem:" + folder)
                .table("kurir_user_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    public static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw StoreUnavailable.of("be reached", e);
        }
    }

    /** JDBC URLs may carry a password parameter; never log it. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
