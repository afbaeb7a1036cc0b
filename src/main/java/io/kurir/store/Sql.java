package io.kurir.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

final class Sql {

    private Sql() {
    }

    static void bind(PreparedStatement statement, List<?> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (arg == null) {
                statement.setNull(i + 1, Types.NULL);
            } else {
                statement.setObject(i + 1, arg);
            }
        }
    }
}
