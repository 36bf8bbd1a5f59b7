package dev.almanac.duckdb;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.TableBinding;
import dev.almanac.spi.engine.TableBinding.DataFileReference;
import dev.almanac.spi.type.Field;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Exposes bound tables to DuckDB under the names the query uses: a view per table over exactly the
 * planned Parquet files. Columns are matched by Iceberg field id, so files written before a column
 * was renamed, added or widened read correctly. {@code ns.t} is view {@code t} in schema {@code ns}
 * of the session's in-memory database; {@code a.b.t} is view {@code t} in schema {@code b} of an
 * attached in-memory database {@code a}.
 */
final class TableViews {
    private TableViews() {}

    /** Creates the views; returns the statements that drop them again. */
    static List<String> create(Connection connection, List<TableBinding> tables) {
        List<String> drops = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (TableBinding table : tables) {
                String view = qualifiedView(statement, table);
                statement.execute("CREATE OR REPLACE VIEW " + view + " AS " + select(table));
                drops.add("DROP VIEW IF EXISTS " + view);
            }
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        }
        return drops;
    }

    static void drop(Connection connection, List<String> drops) {
        try (Statement statement = connection.createStatement()) {
            for (String drop : drops) {
                statement.execute(drop);
            }
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        }
    }

    private static String qualifiedView(Statement statement, TableBinding table) throws SQLException {
        List<String> parts = table.nameParts();
        if (parts.size() == 1) {
            // a name the session resolved through its search path: a view in the default schema
            return DuckDbSql.identifier(parts.get(0));
        }
        if (parts.size() == 2) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + DuckDbSql.identifier(parts.get(0)));
            return DuckDbSql.identifier(parts.get(0)) + "." + DuckDbSql.identifier(parts.get(1));
        }
        if (parts.size() == 3) {
            String database = DuckDbSql.identifier(parts.get(0));
            String schema = database + "." + DuckDbSql.identifier(parts.get(1));
            statement.execute("ATTACH IF NOT EXISTS ':memory:' AS " + database);
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            return schema + "." + DuckDbSql.identifier(parts.get(2));
        }
        throw new AlmanacException(
                ErrorCode.NOT_SUPPORTED,
                "Table name " + table.displayName() + " has " + (parts.size() - 1)
                        + " namespace levels; the embedded engine reads names with one or two");
    }

    static String select(TableBinding table) {
        List<Field> columns = table.schema();
        if (table.files().isEmpty()) {
            return columns.stream()
                    .map(column -> "CAST(NULL AS " + DuckDbTypes.sqlType(column.type()) + ") AS "
                            + DuckDbSql.identifier(column.name()))
                    .collect(Collectors.joining(", ", "SELECT ", " WHERE false"));
        }
        String files = table.files().stream()
                .map(DataFileReference::path)
                .map(DuckDbSql::literal)
                .collect(Collectors.joining(", ", "[", "]"));
        String schema = columns.stream()
                .map(column -> column.id() + ": {name: " + DuckDbSql.literal(column.name()) + ", type: "
                        + DuckDbSql.literal(DuckDbTypes.sqlType(column.type())) + ", default_value: NULL}")
                .collect(Collectors.joining(", ", "MAP {", "}"));
        String projection = columns.stream()
                .map(column -> DuckDbSql.identifier(column.name()))
                .collect(Collectors.joining(", "));
        return "SELECT " + projection + " FROM read_parquet(" + files + ", schema = " + schema
                + ", hive_partitioning = false)";
    }
}
