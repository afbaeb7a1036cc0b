package io.kurir.store;

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
     * PostgreSQL mode lets one set of migrations and queries serve both stores. WRITE_DELAY=0 writes
     * every commit to the file before the commit returns, so an acknowledged event survives kill -9.
     * DB_CLOSE_ON_EXIT=FALSE leaves closing to the pool, after Camel has drained on SIGTERM.
     */
    public static final String EMBEDDED_URL =
            "jdbc:h2:file:./data/kurir;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private Database() {
    }

    public static HikariDataSource open(Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("kurir-store");
        config.setJdbcUrl(settings.get("kurir.db.url", EMBEDDED_URL));
        settings.get("kurir.db.user").ifPresent(config::setUsername);
        settings.get("kurir.db.password").ifPresent(config::setPassword);
        config.setMaximumPoolSize((int) settings.getLong("kurir.db.pool-size", 10));
        // Fail fast when the store is down so ingest answers 503 rather than hanging.
        config.setConnectionTimeout(settings.getLong("kurir.db.connection-timeout", 3000));
        config.setInitializationFailTimeout(settings.getLong("kurir.db.startup-timeout", 30000));
        HikariDataSource dataSource = new HikariDataSource(config);
        migrate(dataSource);
        migrateUserTables(dataSource, settings.get("kurir.db.user-migrations", "routes/migrations"));
        LOG.info("Event store: {}", redact(config.getJdbcUrl()));
        return dataSource;
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
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
