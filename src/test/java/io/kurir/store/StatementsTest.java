package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prepared statements kept per embedded connection: compiled once, and left as if they had been closed. */
class StatementsTest {

    private static final String INSERT = "INSERT INTO t VALUES (?)";
    private static final String COUNT = "SELECT COUNT(*) FROM t";

    @TempDir
    Path dir;

    private Connection connection;

    @BeforeEach
    void open() throws Exception {
        connection = DriverManager.getConnection(Database.EMBEDDED_URL.replace("data/kurir.db", dir.resolve("kurir.db").toString()));
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE t (n INTEGER)");
        }
    }

    @AfterEach
    void close() throws Exception {
        connection.close();
    }

    private static Object compiled(PreparedStatement statement) throws SQLException {
        return statement.unwrap(PreparedStatement.class);
    }

    private int count() throws SQLException {
        try (PreparedStatement count = Statements.prepare(connection, COUNT); ResultSet rs = count.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aStatementIsCompiledOncePerConnectionAndUsedAgainOnceClosed() throws Exception {
        Object first;
        try (PreparedStatement insert = Statements.prepare(connection, INSERT)) {
            first = compiled(insert);
            insert.setInt(1, 1);
            insert.executeUpdate();
        }
        try (PreparedStatement insert = Statements.prepare(connection, INSERT)) {
            assertSame(first, compiled(insert));
            insert.setInt(1, 2);
            insert.executeUpdate();
        }
        assertEquals(2, count());
    }

    @Test
    void aStatementStillInUseIsNotHandedOutAgain() throws Exception {
        try (PreparedStatement outer = Statements.prepare(connection, INSERT);
             PreparedStatement inner = Statements.prepare(connection, INSERT)) {
            assertNotSame(compiled(outer), compiled(inner));
            outer.setInt(1, 1);
            inner.setInt(1, 2);
            outer.executeUpdate();
            inner.executeUpdate();
        }
        assertEquals(2, count());
    }

    @Test
    void closingAStatementForgetsItsBatch() throws Exception {
        try (PreparedStatement insert = Statements.prepare(connection, INSERT)) {
            insert.setInt(1, 1);
            insert.addBatch();
        }
        try (PreparedStatement insert = Statements.prepare(connection, INSERT)) {
            insert.setInt(1, 2);
            insert.addBatch();
            insert.executeBatch();
        }
        assertEquals(1, count(), "only the batch of the second user");
    }

    @Test
    void closingAStatementClosesTheResultSetItGaveSoNoReadHoldsBackTheCheckpoint() throws Exception {
        try (PreparedStatement insert = Statements.prepare(connection, INSERT)) {
            insert.setInt(1, 1);
            insert.executeUpdate();
        }
        PreparedStatement count = Statements.prepare(connection, COUNT);
        ResultSet rs = count.executeQuery();
        rs.next();
        count.close();
        assertTrue(rs.isClosed());
        try (Connection other = DriverManager.getConnection(Database.EMBEDDED_URL.replace("data/kurir.db", dir.resolve("kurir.db").toString()));
             Statement s = other.createStatement();
             ResultSet checkpoint = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            checkpoint.next();
            assertEquals(0, checkpoint.getInt(1), "the checkpoint was not blocked by a reader");
        }
    }

    @Test
    void closingAStatementForgetsItsParameters() throws Exception {
        try (PreparedStatement insert = Statements.prepare(connection, INSERT)) {
            insert.setInt(1, 1);
        }
        try (PreparedStatement insert = Statements.prepare(connection, INSERT)) {
            insert.executeUpdate();
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT n FROM t")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
            assertTrue(rs.wasNull(), "the first user's parameter was not bound for the second");
        }
    }

    @Test
    void onPostgresqlStatementsArePreparedAsUsual() throws Exception {
        try (Connection postgres = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
             PreparedStatement first = Statements.prepare(postgres, "SELECT 1");
             PreparedStatement second = Statements.prepare(postgres, "SELECT 1")) {
            assertNotSame(first, second);
            first.close();
            assertTrue(first.isClosed(), "closed for real: the driver keeps its own cache");
        }
    }
}
