package dev.almanac.duckdb;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.DecimalType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** Session-local tables filled from Java rows with DuckDB's appender. */
final class StagedRelations {
    private StagedRelations() {}

    static long stage(Connection connection, String relation, List<Field> columns, Iterator<List<Object>> rows) {
        for (Field column : columns) {
            if (!(column.type() instanceof PrimitiveType) && !(column.type() instanceof DecimalType)) {
                throw new AlmanacException(
                        ErrorCode.NOT_SUPPORTED,
                        "Staged column " + column.name() + " must have a primitive or decimal type");
            }
        }
        String definition = columns.stream()
                .map(column -> DuckDbSql.identifier(column.name()) + " " + DuckDbTypes.sqlType(column.type()))
                .collect(Collectors.joining(", "));
        drop(connection, relation);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMPORARY TABLE " + DuckDbSql.identifier(relation) + " (" + definition + ")");
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        }
        long count = 0;
        try (DuckDBAppender appender =
                connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", relation)) {
            while (rows.hasNext()) {
                List<Object> row = rows.next();
                appender.beginRow();
                for (int i = 0; i < columns.size(); i++) {
                    append(appender, columns.get(i).type(), row.get(i));
                }
                appender.endRow();
                count++;
            }
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        }
        return count;
    }

    private static void append(DuckDBAppender appender, DataType type, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
            return;
        }
        if (type instanceof DecimalType decimal) {
            // the appender takes a decimal only at the column's exact scale; rounds as CAST does
            appender.append(((BigDecimal) value).setScale(decimal.scale(), RoundingMode.HALF_UP));
            return;
        }
        switch ((PrimitiveType) type) {
            case BOOLEAN -> appender.append((Boolean) value);
            case INTEGER -> appender.append(((Number) value).intValue());
            case BIGINT -> appender.append(((Number) value).longValue());
            case FLOAT -> appender.append(((Number) value).floatValue());
            case DOUBLE -> appender.append(((Number) value).doubleValue());
            case STRING -> appender.append((String) value);
            case BINARY -> appender.append((byte[]) value);
            case DATE -> appender.append((LocalDate) value);
            case TIMESTAMP -> appender.append((LocalDateTime) value);
            case TIMESTAMPTZ ->
                appender.append(
                        value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : (OffsetDateTime) value);
        }
    }

    /**
     * Keeps a query's rows as a temporary table. Insertion order is preserved while it runs, so the
     * table holds the rows in the query's order and a streaming {@code row_number() OVER ()} in the
     * query numbers them as its source gave them.
     */
    static long stageQuery(Connection connection, String relation, String query) {
        drop(connection, relation);
        try {
            InsertionOrder.preserved(
                    connection,
                    statement -> statement.execute(
                            "CREATE TEMPORARY TABLE " + DuckDbSql.identifier(relation) + " AS " + query));
            try (Statement statement = connection.createStatement();
                    ResultSet rows =
                            statement.executeQuery("SELECT count(*) FROM temp." + DuckDbSql.identifier(relation))) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            drop(connection, relation);
            throw DuckDbErrors.translate(e);
        }
    }

    /** Drops a staged relation: a table of rows or a view over staged lines. */
    static void drop(Connection connection, String relation) {
        try (Statement statement = connection.createStatement()) {
            boolean view;
            try (ResultSet rows = statement.executeQuery(
                    "SELECT count(*) FROM duckdb_views() WHERE database_name = 'temp' AND view_name = "
                            + DuckDbSql.literal(relation))) {
                rows.next();
                view = rows.getLong(1) > 0;
            }
            if (view) {
                statement.execute("DROP VIEW temp." + DuckDbSql.identifier(relation));
            } else {
                statement.execute("DROP TABLE IF EXISTS temp." + DuckDbSql.identifier(relation));
            }
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        }
    }
}
