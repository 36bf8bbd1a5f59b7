package dev.almanac.duckdb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs statements with DuckDB's {@code preserve_insertion_order} on. The engine's sessions run with
 * it off, so that statements without an ORDER BY may use every thread freely; the statements that
 * number lines, or that must keep the order of rows they copy, turn it on for their duration.
 */
final class InsertionOrder {
    private InsertionOrder() {}

    /** Work on one statement of the session. */
    interface Work<T> {
        T run(Statement statement) throws SQLException;
    }

    static <T> T preserved(Connection connection, Work<T> work) throws SQLException {
        String before;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT current_setting('preserve_insertion_order')")) {
            rows.next();
            before = rows.getString(1);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET preserve_insertion_order = true");
            return work.run(statement);
        } finally {
            // a failed statement closes its JDBC statement: restore the setting with a fresh one
            try (Statement restore = connection.createStatement()) {
                restore.execute("SET preserve_insertion_order = " + before);
            }
        }
    }
}
