package io.kurir.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.kurir.store.Database;

/**
 * The two stores every store-touching test runs on: the embedded default (a fresh file under a
 * temp dir) and the PostgreSQL on 127.0.0.1:5432 (a fresh schema in database `test`).
 */
public enum TestStore {
    EMBEDDED, POSTGRES;

    public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    /** A new, empty database of this kind; its JDBC URL. */
    public String freshUrl() {
        try {
            if (this == EMBEDDED) {
                Path dir = Files.createTempDirectory("kurir-store");
                return Database.EMBEDDED_URL.replace("data/kurir.db", dir.resolve("kurir.db").toString());
            }
            String schema = "kurir_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
            try (Connection c = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
                 Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            return POSTGRES_URL + "?currentSchema=" + schema;
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare a " + this + " store", e);
        }
    }

    public String user() {
        return this == POSTGRES ? "postgres" : "";
    }

    /** Removes what {@link #freshUrl()} made: the embedded store's folder, or the PostgreSQL schema. */
    public void drop(String url) {
        if (this == EMBEDDED) {
            Path dir = Path.of(url.substring("jdbc:sqlite:".length(), url.indexOf('?'))).getParent();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
