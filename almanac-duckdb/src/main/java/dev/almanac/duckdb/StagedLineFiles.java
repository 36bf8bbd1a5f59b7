package dev.almanac.duckdb;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
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
 * return fails the read instead of silently splitting a line.
 *
 * <p>One file is staged as a view that numbers its lines with a streaming {@code row_number() OVER
 * ()}: nothing is read until a statement reads the view, so the lines are decompressed, parsed and
 * kept in one pass, and a broken file fails that statement. The streaming window is DuckDB's
 * order-keeping way to number rows as their source gives them; it runs on one thread, as the
 * decompression of one gzip stream does anyway.
 *
 * <p>Several files are copied in file order to Parquet files of small row groups in the session's
 * temporary folder, and the relation is a view over them in which {@code file_row_number} numbers
 * the lines (a UNION of streaming windows would share one window state in DuckDB).
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

    void stage(String relation, List<Path> files) {
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
        try {
            if (files.size() == 1) {
                Path file = files.get(0);
                execute("CREATE TEMPORARY VIEW " + DuckDbSql.identifier(relation) + " AS SELECT "
                        + DuckDbSql.literal(file.toString())
                        + " AS source_file, row_number() OVER () AS line_number, line FROM " + reader(file));
                return;
            }
            List<Path> copies = new ArrayList<>();
            written.put(relation, copies);
            InsertionOrder.preserved(connection, statement -> {
                for (Path file : files) {
                    Path copy = temporaryDirectory.resolve("staged-" + UUID.randomUUID() + ".parquet");
                    copies.add(copy);
                    statement.execute("COPY (SELECT " + DuckDbSql.literal(file.toString())
                            + " AS source_file, line FROM "
                            + reader(file) + ") TO " + DuckDbSql.literal(copy.toString())
                            + " (FORMAT parquet, COMPRESSION lz4_raw, ROW_GROUP_SIZE " + LINES_PER_ROW_GROUP + ")");
                }
                return null;
            });
            String list = copies.stream()
                    .map(copy -> DuckDbSql.literal(copy.toString()))
                    .collect(Collectors.joining(", ", "[", "]"));
            execute("CREATE TEMPORARY VIEW " + DuckDbSql.identifier(relation)
                    + " AS SELECT source_file, file_row_number + 1 AS line_number, line FROM read_parquet(" + list
                    + ", file_row_number = true)");
        } catch (SQLException e) {
            drop(relation);
            throw DuckDbErrors.translate(e);
        } catch (RuntimeException e) {
            drop(relation);
            throw e;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
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

    private static boolean isGzip(Path file) {
        try (InputStream input = Files.newInputStream(file)) {
            return input.read() == GZIP_MAGIC_FIRST && input.read() == GZIP_MAGIC_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
