package io.kurir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


/**
 * One transaction's statements. They belong to it: callers neither close nor keep them. Constant SQL
 * is prepared once per writer connection and kept ({@link #prepare}): SQLite's driver compiles SQL
 * again at each prepareStatement, which cost 7% of the core end to end. SQL built per call (IN lists,
 * filters) is prepared for this transaction only ({@link #prepareForCurrentSizes}).
 */
public final class Tx {

    private final Connection connection;
    /** The writer's statements of constant SQL, or null: then every statement is closed with the transaction. */
    private final Map<String, PreparedStatement> kept;
    private final List<PreparedStatement> opened = new ArrayList<>();

    Tx(Connection connection, Map<String, PreparedStatement> kept) {
        this.connection = connection;
        this.kept = kept;
    }

    /** A statement of constant SQL. */
    public PreparedStatement prepare(String sql) throws SQLException {
        if (kept == null) {
            return opened(connection.prepareStatement(sql));
        }
        PreparedStatement statement = kept.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            kept.put(sql, statement);
        }
        return statement;
    }

    /** A statement of SQL built for this call: see {@link Sql#prepareForCurrentSizes}. */
    public PreparedStatement prepareForCurrentSizes(String sql) throws SQLException {
        return opened(Sql.prepareForCurrentSizes(connection, sql));
    }

    private PreparedStatement opened(PreparedStatement statement) {
        opened.add(statement);
        return statement;
    }

    /** Closes the statements that are this transaction's only. */
    void close() {
        for (PreparedStatement statement : opened) {
            try {
                statement.close();
            } catch (SQLException e) {
                // closed with its connection anyway
            }
        }
        opened.clear();
    }

}
