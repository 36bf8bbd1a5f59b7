package dev.almanac.duckdb;

import dev.almanac.spi.engine.WriteRequest;
import dev.almanac.spi.engine.WriteResult;
import dev.almanac.spi.engine.WriteResult.WrittenFile;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.ListType;
import dev.almanac.spi.type.MapType;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.spi.type.StructType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Writes a query's rows as table data files with DuckDB's COPY: every column cast to the table's
 * exact type, Iceberg field ids in the Parquet schema, one folder per partition value, unique file
 * names so that no file a snapshot references is ever overwritten.
 *
 * <p>A partitioned write streams the query's rows through DuckDB's {@code PARTITION_BY}, except
 * when the query is cheap to run again (it scans rows staged in the session): then each partition
 * value gets a COPY of its own, a filtered scan of the staged rows that keeps their order.
 * {@code PARTITION_BY} buffers every row again in per-partition collections, which for wide rows
 * (tracking logs with their JSON) costs more than the Parquet encoding itself. Past {@link
 * #SEPARATE_PARTITIONS_AT_MOST} values one scan per value would cost more than that buffering, and
 * {@code PARTITION_BY} writes them. Any other query is never kept whole before it is written: an
 * INSERT of billions of rows writes files as it goes.
 */
final class ParquetFileWriter {
    static final int SEPARATE_PARTITIONS_AT_MOST = 64;
    private static final Set<DataType> LITERAL_PARTITION_TYPES = Set.of(
            PrimitiveType.DATE,
            PrimitiveType.INTEGER,
            PrimitiveType.BIGINT,
            PrimitiveType.STRING,
            PrimitiveType.BOOLEAN);

    private ParquetFileWriter() {}

    static WriteResult write(Connection connection, String query, WriteRequest request) {
        try {
            Files.createDirectories(request.directory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (request.partitionColumns().isEmpty()) {
            Path target = request.directory().resolve("data-" + UUID.randomUUID() + ".parquet");
            return new WriteResult(run(connection, copy(select(query, request), target, request)));
        }
        if (!request.rereadable()) {
            return new WriteResult(run(connection, copyPartitioned("(" + select(query, request) + ")", request)));
        }
        return writePartitioned(connection, query, request);
    }

    private static WriteResult writePartitioned(Connection connection, String query, WriteRequest request) {
        try {
            return InsertionOrder.preserved(connection, statement -> {
                try {
                    return writePartitioned(connection, statement, query, request);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        }
    }

    private static WriteResult writePartitioned(
            Connection connection, Statement statement, String query, WriteRequest request)
            throws SQLException, IOException {
        String source = "(" + select(query, request) + ")";
        String values = DuckDbSql.identifier(
                "almanac_write_values_" + UUID.randomUUID().toString().replace("-", ""));
        List<String> columns =
                request.partitionColumns().stream().map(DuckDbSql::identifier).toList();
        statement.execute("CREATE TEMPORARY TABLE " + values + " AS SELECT row_number() OVER () AS part, "
                + columns.stream()
                        .map(column -> column + ", CAST(" + column + " AS VARCHAR)")
                        .collect(Collectors.joining(", "))
                + " FROM (SELECT DISTINCT " + String.join(", ", columns) + " FROM " + source + ")");
        try {
            List<List<String>> texts = texts(statement, values, request);
            if (texts.size() > SEPARATE_PARTITIONS_AT_MOST) {
                return new WriteResult(run(connection, copyPartitioned(source, request)));
            }
            List<DataType> types = IntStream.range(0, columns.size())
                    .mapToObj(i -> type(request, i))
                    .toList();
            List<WrittenFile> files = new ArrayList<>();
            for (int part = 1; part <= texts.size(); part++) {
                List<String> matches = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    matches.add(match(
                            columns.get(i), types.get(i), texts.get(part - 1).get(i), values, part));
                }
                Path folder = folder(request, texts.get(part - 1));
                Files.createDirectories(folder);
                files.addAll(run(
                        connection,
                        copy(
                                "SELECT * FROM " + source + " WHERE " + String.join(" AND ", matches),
                                folder.resolve("data-" + UUID.randomUUID() + ".parquet"),
                                request)));
            }
            return new WriteResult(files);
        } finally {
            try (Statement drop = connection.createStatement()) {
                drop.execute("DROP TABLE IF EXISTS " + values);
            }
        }
    }

    private static String copyPartitioned(String source, WriteRequest request) {
        return "COPY (SELECT * FROM " + source + ") TO "
                + DuckDbSql.literal(request.directory().toString()) + " (" + options(request)
                + partitionOptions(request) + ")";
    }

    /** The text of each partition value (NULL stays null), in the order of {@code part}. */
    private static List<List<String>> texts(Statement statement, String values, WriteRequest request)
            throws SQLException {
        List<List<String>> texts = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("SELECT * FROM " + values + " ORDER BY part")) {
            while (result.next()) {
                List<String> text = new ArrayList<>();
                for (int i = 0; i < request.partitionColumns().size(); i++) {
                    text.add(result.getString(3 + 2 * i));
                }
                texts.add(text);
            }
        }
        return texts;
    }

    /** The folder of one partition value, named as DuckDB's {@code PARTITION_BY} names it. */
    private static Path folder(WriteRequest request, List<String> texts) {
        Path folder = request.directory();
        for (int i = 0; i < texts.size(); i++) {
            String value = texts.get(i);
            folder = folder.resolve(URLEncoder.encode(request.partitionColumns().get(i), StandardCharsets.UTF_8) + "="
                    + (value == null
                            ? "__HIVE_DEFAULT_PARTITION__"
                            : URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        return folder;
    }

    /**
     * The filter on one partition column. Values whose text is exact (dates, integers, strings,
     * booleans) are compared as literals, which DuckDB pushes into the scan of the staged rows, so the
     * scan skips the other values' rows; any other is compared with the stored value itself.
     */
    private static String match(String column, DataType type, String text, String values, int part) {
        if (text == null) {
            return column + " IS NULL";
        }
        if (LITERAL_PARTITION_TYPES.contains(type)) {
            return column + " = CAST(" + DuckDbSql.literal(text) + " AS " + DuckDbTypes.sqlType(type) + ")";
        }
        return column + " IS NOT DISTINCT FROM (SELECT " + column + " FROM " + values + " WHERE part = " + part + ")";
    }

    private static DataType type(WriteRequest request, int partitionColumn) {
        String name = request.partitionColumns().get(partitionColumn);
        return request.columns().stream()
                .filter(field -> field.name().equals(name))
                .findFirst()
                .map(Field::type)
                .orElseThrow(() -> new IllegalArgumentException("no column " + name + " to partition by"));
    }

    private static String copy(String select, Path target, WriteRequest request) {
        return "COPY (" + select + "\n) TO " + DuckDbSql.literal(target.toString()) + " (" + options(request) + ")";
    }

    private static List<WrittenFile> run(Connection connection, String copy) {
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
        return files;
    }

    /** The query's rows with every column cast to the table's exact type, static values filled in. */
    private static String select(String query, WriteRequest request) {
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
        return "SELECT " + String.join(", ", projection) + " FROM (" + query + "\n) AS q(" + String.join(", ", aliases)
                + ")";
    }

    private static String options(WriteRequest request) {
        return "FORMAT parquet, COMPRESSION zstd, RETURN_STATS true, FIELD_IDS " + fieldIds(request.columns());
    }

    private static String partitionOptions(WriteRequest request) {
        return ", PARTITION_BY ("
                + request.partitionColumns().stream().map(DuckDbSql::identifier).collect(Collectors.joining(", "))
                + "), WRITE_PARTITION_COLUMNS true, APPEND true, FILENAME_PATTERN 'data-{uuid}'";
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
