package dev.almanac.core.pipeline;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.DecimalType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Writes a query's rows to a table of another database over JDBC, in one transaction: the table is
 * created when missing (columns typed from the query), emptied first in mode {@code replace}, and
 * readers of that database see the old rows or the new, never a part.
 */
final class JdbcTableExport {
    private static final int BATCH = 1_000;

    private JdbcTableExport() {}

    static long write(
            QueryResult rows, ExportStep.JdbcTable destination, Map<String, String> environment, String step) {
        JdbcConnection target = destination.connection();
        Properties properties = new Properties();
        target.user().ifPresent(user -> properties.setProperty("user", user));
        target.password(environment, step).ifPresent(password -> properties.setProperty("password", password));
        List<Field> columns = rows.columns();
        boolean sqlite = target.url().startsWith("jdbc:sqlite:");
        try (Connection connection = DriverManager.getConnection(target.url(), properties)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS " + destination.table() + " ("
                        + columns.stream()
                                .map(column -> quoted(column.name()) + " " + sqlType(column.type()))
                                .collect(Collectors.joining(", "))
                        + ")");
                if (destination.mode() == WriteMode.REPLACE) {
                    statement.executeUpdate("DELETE FROM " + destination.table());
                }
            }
            long written = 0;
            String insert = "INSERT INTO " + destination.table() + " ("
                    + columns.stream().map(column -> quoted(column.name())).collect(Collectors.joining(", "))
                    + ") VALUES (" + columns.stream().map(column -> "?").collect(Collectors.joining(", ")) + ")";
            try (PreparedStatement statement = connection.prepareStatement(insert)) {
                while (rows.next()) {
                    for (int i = 0; i < columns.size(); i++) {
                        statement.setObject(i + 1, parameter(rows.value(i), sqlite));
                    }
                    statement.addBatch();
                    if (++written % BATCH == 0) {
                        statement.executeBatch();
                    }
                }
                statement.executeBatch();
            }
            connection.commit();
            return written;
        } catch (SQLException e) {
            throw new AlmanacException(
                    ErrorCode.STORAGE_ERROR,
                    "Step " + step + " could not write table " + destination.table() + ": " + e.getMessage()
                            + " (nothing was written)",
                    e);
        }
    }

    private static String quoted(String column) {
        return "\"" + column.replace("\"", "\"\"") + "\"";
    }

    /**
     * Values as JDBC drivers take them; nested values are written as their text, and so are dates
     * and times for SQLite, which keeps them as ISO-8601 text.
     */
    private static Object parameter(Object value, boolean sqlite) {
        if (value instanceof Instant instant) {
            OffsetDateTime utc = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
            return sqlite ? utc.toString() : utc;
        }
        if (value instanceof LocalDate || value instanceof LocalDateTime || value instanceof OffsetDateTime) {
            return sqlite ? value.toString() : value;
        }
        if (value instanceof List<?> || value instanceof Map<?, ?>) {
            return value.toString();
        }
        return value;
    }

    private static String sqlType(DataType type) {
        if (type instanceof DecimalType decimal) {
            return "NUMERIC(" + decimal.precision() + ", " + decimal.scale() + ")";
        }
        if (!(type instanceof PrimitiveType primitive)) {
            return "TEXT";
        }
        return switch (primitive) {
            case BOOLEAN -> "BOOLEAN";
            case INTEGER -> "INTEGER";
            case BIGINT -> "BIGINT";
            case FLOAT -> "REAL";
            case DOUBLE -> "DOUBLE PRECISION";
            case DATE -> "DATE";
            case TIMESTAMP -> "TIMESTAMP";
            case TIMESTAMPTZ -> "TIMESTAMP WITH TIME ZONE";
            case BINARY -> "BYTEA";
            default -> "TEXT";
        };
    }
}
