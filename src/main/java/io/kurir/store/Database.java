package io.kurir.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kurir.Settings;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one relational store: a pooled DataSource with Kurir's schema migrated. The embedded default
 * is a file under ./data/ that needs no server; `KURIR_DB_URL` points it at PostgreSQL.
 */
public final class Database {

    /**
     * SQLite in WAL mode: a commit appends to the log and, with synchronous=FULL, is fsynced before it
     * returns, so an acknowledged event survives kill -9 and power loss. SQLite takes one writer at a
     * time: IMMEDIATE transactions take the write lock when they begin (a transaction that read first
     * and then wrote could otherwise fail instead of waiting), and busy_timeout is how long a writer
     * waits for it before the store counts as unavailable.
     */
    public static final String EMBEDDED_URL = "jdbc:sqlite:data/kurir.db"
            + "?journal_mode=WAL&synchronous=FULL&foreign_keys=true&busy_timeout=5000&transaction_mode=IMMEDIATE";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private Database() {
    }

    public static HikariDataSource open(Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("kurir-store");
        String url = settings.get("kurir.db.url", EMBEDDED_URL);
        createFolderOf(url);
        config.setJdbcUrl(url);
        settings.get("kurir.db.user").ifPresent(config::setUsername);
        settings.get("kurir.db.password").ifPresent(config::setPassword);
        config.setMaximumPoolSize((int) settings.getLong("kurir.db.pool-size", 10));
        // Fail fast when the store is down so ingest answers 503 rather than hanging.
        config.setConnectionTimeout(settings.getLong("kurir.db.connection-timeout", 3000));
        config.setInitializationFailTimeout(settings.getLong("kurir.db.startup-timeout", 30000));
        HikariDataSource dataSource = new HikariDataSource(config);
        migrate(dataSource, url.startsWith("jdbc:sqlite:") ? "sqlite" : "postgresql");
        prepareWriteTurns(dataSource);
        migrateUserTables(dataSource, settings.get("kurir.db.user-migrations", "routes/migrations"));
        LOG.info("Event store: {}", redact(config.getJdbcUrl()));
        return dataSource;
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

    /** Here, on the thread that starts the gateway: the embedded store's lane must not start on a lowered thread. */
    private static void prepareWriteTurns(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            WriteTurns.prepare(connection);
        } catch (SQLException e) {
            throw StoreUnavailable.of("be reached", e);
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
