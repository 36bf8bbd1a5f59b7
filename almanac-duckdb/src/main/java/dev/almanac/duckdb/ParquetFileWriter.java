package dev.almanac.duckdb;

import dev.almanac.spi.engine.WriteRequest;
import dev.almanac.spi.engine.WriteResult;
import dev.almanac.spi.engine.WriteResult.WrittenFile;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.ListType;
import dev.almanac.spi.type.MapType;
import dev.almanac.spi.type.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Writes a query's rows as table data files with DuckDB's COPY: every column cast to the table's
 * exact type, Iceberg field ids in the Parquet schema, one folder per partition value, unique file
 * names so that no file a snapshot references is ever overwritten.
 */
final class ParquetFileWriter {
    private ParquetFileWriter() {}

    static WriteResult write(Connection connection, String query, WriteRequest request) {
        try {
            Files.createDirectories(request.directory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String copy = copyStatement(query, request);
        List<WrittenFile> files = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(copy)) {
            while (rows.next()) {
                String path = rows.getString("filename");
                long count = rows.getLong("count");
                long size = rows.getLong("file_size_bytes");
                if (count == 0) {
                    Files.deleteIfExists(Path.of(path));
                    continue;
                }
                files.add(new WrittenFile(path, size, count));
            }
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new WriteResult(files);
    }

    static String copyStatement(String query, WriteRequest request) {
        List<Field> queryColumns = request.queryColumns();
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < queryColumns.size(); i++) {
            aliases.add(DuckDbSql.identifier("__almanac_c" + i));
        }
        List<String> projection = new ArrayList<>();
        int position = 0;
        for (Field column : request.columns()) {
            String type = DuckDbTypes.sqlType(column.type());
            String value = request.staticValues().containsKey(column.name())
                    ? DuckDbSql.literal(request.staticValues().get(column.name()))
                    : "q." + aliases.get(position++);
            projection.add("CAST(" + value + " AS " + type + ") AS " + DuckDbSql.identifier(column.name()));
        }
        String select = "SELECT " + String.join(", ", projection) + " FROM (" + query + "\n) AS q("
                + String.join(", ", aliases) + ")";
        StringBuilder options = new StringBuilder("FORMAT parquet, COMPRESSION zstd, RETURN_STATS true, FIELD_IDS ")
                .append(fieldIds(request.columns()));
        String target;
        if (request.partitionColumns().isEmpty()) {
            target = request.directory()
                    .resolve("data-" + UUID.randomUUID() + ".parquet")
                    .toString();
        } else {
            target = request.directory().toString();
            options.append(", PARTITION_BY (")
                    .append(request.partitionColumns().stream()
                            .map(DuckDbSql::identifier)
                            .collect(Collectors.joining(", ")))
                    .append("), WRITE_PARTITION_COLUMNS true, APPEND true, FILENAME_PATTERN 'data-{uuid}'");
        }
        return "COPY (" + select + ") TO " + DuckDbSql.literal(target) + " (" + options + ")";
    }

    /** DuckDB's FIELD_IDS option: {@code {name: id, nested: {__duckdb_field_id: id, child: id}}}. */
    static String fieldIds(List<Field> fields) {
        return fields.stream()
                .map(field -> DuckDbSql.identifier(field.name()) + ": " + fieldId(field.id(), field.type()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String fieldId(int id, DataType type) {
        if (type instanceof ListType list) {
            return "{__duckdb_field_id: " + id + ", element: " + fieldId(list.elementId(), list.element()) + "}";
        }
        if (type instanceof MapType map) {
            return "{__duckdb_field_id: " + id + ", key: " + fieldId(map.keyId(), map.key()) + ", value: "
                    + fieldId(map.valueId(), map.value()) + "}";
        }
        if (type instanceof StructType struct) {
            String children = struct.fields().stream()
                    .map(field -> DuckDbSql.identifier(field.name()) + ": " + fieldId(field.id(), field.type()))
                    .collect(Collectors.joining(", "));
            return "{__duckdb_field_id: " + id + ", " + children + "}";
        }
        return Integer.toString(id);
    }
}
