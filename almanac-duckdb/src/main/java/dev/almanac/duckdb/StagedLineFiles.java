package dev.almanac.duckdb;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The text lines of files staged by DuckDB's own readers. Each file is read by the CSV reader as
 * one VARCHAR column with no quoting and a carriage return as the "delimiter", so that any carriage
 * return fails the read instead of silently splitting a line, and copied in file order to a Parquet
 * file of small row groups in the session's temporary folder. The staged relation is a view over
 * those files: {@code file_row_number} gives each line its number, and the small row groups let
 * every later statement scan one file with all threads.
 */
final class StagedLineFiles {
    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;
    private static final int LINES_PER_ROW_GROUP = 16_384;

    private final Connection connection;
    private final Path temporaryDirectory;
    private final Map<String, List<Path>> written = new HashMap<>();

    StagedLineFiles(Connection connection, Path temporaryDirectory) {
        this.connection = connection;
        this.temporaryDirectory = temporaryDirectory;
    }

    long stage(String relation, List<Path> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no files to stage");
        }
        for (Path file : files) {
            if (file.toString().matches(".*[*?\\[\\]{}].*")) {
                throw new AlmanacException(
                        ErrorCode.NOT_SUPPORTED,
                        "Cannot stage " + file + " with DuckDB's reader: its path has glob characters");
            }
        }
        drop(relation);
        List<Path> copies = new ArrayList<>();
        written.put(relation, copies);
        try (Statement statement = connection.createStatement()) {
            String preserved = setting(statement, "preserve_insertion_order");
            statement.execute("SET preserve_insertion_order = true");
            try {
                for (Path file : files) {
                    Path copy = temporaryDirectory.resolve("staged-" + UUID.randomUUID() + ".parquet");
                    copies.add(copy);
                    statement.execute("COPY (SELECT " + DuckDbSql.literal(file.toString())
                            + " AS source_file, line FROM "
                            + reader(file) + ") TO " + DuckDbSql.literal(copy.toString())
                            + " (FORMAT parquet, COMPRESSION lz4_raw, ROW_GROUP_SIZE " + LINES_PER_ROW_GROUP + ")");
                }
            } finally {
                // a failed statement closes its JDBC statement: restore the setting with a fresh one
                try (Statement restore = connection.createStatement()) {
                    restore.execute("SET preserve_insertion_order = " + preserved);
                }
            }
            String list = copies.stream()
                    .map(copy -> DuckDbSql.literal(copy.toString()))
                    .collect(Collectors.joining(", ", "[", "]"));
            statement.execute("CREATE TEMPORARY VIEW " + DuckDbSql.identifier(relation)
                    + " AS SELECT source_file, file_row_number + 1 AS line_number, line FROM read_parquet(" + list
                    + ", file_row_number = true)");
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + DuckDbSql.identifier(relation))) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            drop(relation);
            throw DuckDbErrors.translate(e);
        } catch (RuntimeException e) {
            drop(relation);
            throw e;
        }
    }

    /** Drops what {@link #stage} made for {@code relation}, or a table staged from Java rows under that name. */
    void drop(String relation) {
        StagedRelations.drop(connection, relation);
        List<Path> copies = written.remove(relation);
        if (copies == null) {
            return;
        }
        for (Path copy : copies) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void dropAll() {
        for (String relation : List.copyOf(written.keySet())) {
            drop(relation);
        }
    }

    private static String reader(Path file) {
        return "read_csv(" + DuckDbSql.literal(file.toString())
                + ", columns = {'line': 'VARCHAR'}, delim = chr(13), quote = '', escape = '', header = false,"
                + " auto_detect = false, new_line = '\\n', compression = '" + (isGzip(file) ? "gzip" : "none") + "')";
    }

    private static String setting(Statement statement, String name) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT current_setting(" + DuckDbSql.literal(name) + ")")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static boolean isGzip(Path file) {
        try (InputStream input = Files.newInputStream(file)) {
            return input.read() == GZIP_MAGIC_FIRST && input.read() == GZIP_MAGIC_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
