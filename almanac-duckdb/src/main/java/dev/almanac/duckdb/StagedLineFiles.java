package dev.almanac.duckdb;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.UndecodableLine;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>{@link #stageDecodable} stages the same way but leaves out the lines that are not UTF-8,
 * found by a first read with the CSV reader's rejects table, and keeps every other line's number in
 * its file.
 */
final class StagedLineFiles {
    private static final int GZIP_MAGIC_FIRST = 0x1f;
    private static final int GZIP_MAGIC_SECOND = 0x8b;
    private static final int LINES_PER_ROW_GROUP = 16_384;
    private static final String GOOD_LINE = "almanac_decodable_line";
    /** The CSV reader's error type for bytes that are not UTF-8. */
    private static final String UNDECODABLE = "INVALID ENCODING";

    private final Connection connection;
    private final Path temporaryDirectory;
    private final Map<String, List<Path>> written = new HashMap<>();
    private final Map<String, List<String>> rejectTablesOf = new HashMap<>();

    StagedLineFiles(Connection connection, Path temporaryDirectory) {
        this.connection = connection;
        this.temporaryDirectory = temporaryDirectory;
    }

    void stage(String relation, List<Path> files) {
        checkReadable(files);
        staging(relation, () -> {
            if (files.size() == 1) {
                Path file = files.get(0);
                execute("CREATE TEMPORARY VIEW " + DuckDbSql.identifier(relation) + " AS SELECT "
                        + DuckDbSql.literal(file.toString())
                        + " AS source_file, row_number() OVER () AS line_number, line FROM "
                        + reader(file, Optional.empty()));
                return;
            }
            List<Path> copies = copyInOrder(
                    relation,
                    files.stream()
                            .map(file -> "SELECT " + DuckDbSql.literal(file.toString()) + " AS source_file, line FROM "
                                    + reader(file, Optional.empty()))
                            .toList());
            execute("CREATE TEMPORARY VIEW " + DuckDbSql.identifier(relation)
                    + " AS SELECT source_file, file_row_number + 1 AS line_number, line FROM read_parquet("
                    + list(copies) + ", file_row_number = true)");
        });
    }

    /**
     * Stages the files' lines as {@link #stage} does, leaving out the lines that are not UTF-8. Each
     * file is read once first with the CSV reader's rejects table, which gives every undecodable
     * line's number; the relation then numbers the remaining lines with the numbers they have in the
     * file, skipping those. Any other reading error still fails.
     */
    List<UndecodableLine> stageDecodable(String relation, List<Path> files, int maxUndecodable) {
        checkReadable(files);
        List<UndecodableLine> setAside = new ArrayList<>();
        staging(relation, () -> {
            List<String> rejectTables = new ArrayList<>();
            rejectTablesOf.put(relation, rejectTables);
            List<String> numbered = new ArrayList<>();
            for (Path file : files) {
                List<UndecodableLine> undecodable = undecodableLines(file, maxUndecodable);
                setAside.addAll(undecodable);
                String rejects = rejectTable();
                rejectTables.add(rejects);
                numbered.add("SELECT " + DuckDbSql.literal(file.toString()) + " AS source_file, "
                        + lineNumber(undecodable) + " AS line_number, line FROM (SELECT row_number() OVER () AS "
                        + GOOD_LINE + ", line FROM " + reader(file, Optional.of(rejects)) + ")");
            }
            String lines = files.size() == 1
                    ? numbered.get(0)
                    : "SELECT source_file, line_number, line FROM read_parquet(" + list(copyInOrder(relation, numbered))
                            + ")";
            execute("CREATE TEMPORARY VIEW " + DuckDbSql.identifier(relation) + " AS " + lines);
        });
        return setAside;
    }

    /** Work that stages {@code relation}; a failure drops whatever it had made. */
    private interface Staging {
        void run() throws SQLException;
    }

    private void staging(String relation, Staging work) {
        drop(relation);
        try {
            work.run();
        } catch (SQLException e) {
            drop(relation);
            throw DuckDbErrors.translate(e);
        } catch (RuntimeException e) {
            drop(relation);
            throw e;
        }
    }

    /** Copies each query's rows, in order, to its own Parquet file of small row groups, owned by {@code relation}. */
    private List<Path> copyInOrder(String relation, List<String> queries) throws SQLException {
        List<Path> copies = new ArrayList<>();
        written.put(relation, copies);
        InsertionOrder.preserved(connection, statement -> {
            for (String query : queries) {
                Path copy = temporaryDirectory.resolve("staged-" + UUID.randomUUID() + ".parquet");
                copies.add(copy);
                statement.execute("COPY (" + query + ") TO " + DuckDbSql.literal(copy.toString())
                        + " (FORMAT parquet, COMPRESSION lz4_raw, ROW_GROUP_SIZE " + LINES_PER_ROW_GROUP + ")");
            }
            return null;
        });
        return copies;
    }

    /** Reads {@code file} once, setting rejected lines aside, and returns the undecodable ones in file order. */
    private List<UndecodableLine> undecodableLines(Path file, int maxUndecodable) throws SQLException {
        String rejects = rejectTable();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT count(*) FROM " + reader(file, Optional.of(rejects)));
            List<UndecodableLine> lines = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT line, error_type, error_message, csv_line FROM "
                    + DuckDbSql.identifier(rejects) + " ORDER BY line")) {
                while (result.next()) {
                    long number = result.getLong(1);
                    if (!UNDECODABLE.equals(result.getString(2))) {
                        throw new AlmanacException(
                                ErrorCode.INVALID_ARGUMENT,
                                "Cannot read " + file + " with DuckDB's reader: line " + number + ": "
                                        + result.getString(3));
                    }
                    if (lines.size() == maxUndecodable) {
                        throw new AlmanacException(
                                ErrorCode.INVALID_ARGUMENT,
                                "Cannot read " + file + " with DuckDB's reader: more than " + maxUndecodable
                                        + " lines are not UTF-8");
                    }
                    String text = result.getString(4);
                    lines.add(new UndecodableLine(
                            file.toString(), number, text == null ? "" : text.replaceAll("^\\n+|\\n+$", "")));
                }
            }
            return lines;
        } finally {
            dropRejectTable(rejects);
        }
    }

    /**
     * The number in its file of the {@code good_line}-th decodable line: that count plus the number
     * of undecodable lines before it. The {@code j}-th undecodable line (from 1) at line {@code r}
     * has {@code r - j} decodable lines before it, so a decodable line comes after it exactly when
     * its count is above {@code r - j}; a balanced CASE finds how many do in about log2(n) tests.
     */
    static String lineNumber(List<UndecodableLine> undecodable) {
        long[] thresholds = new long[undecodable.size() + 1];
        for (int j = 1; j <= undecodable.size(); j++) {
            thresholds[j] = undecodable.get(j - 1).number() - j;
        }
        return undecodable.isEmpty()
                ? GOOD_LINE
                : GOOD_LINE + " + " + undecodableBefore(thresholds, 0, undecodable.size());
    }

    private static String undecodableBefore(long[] thresholds, int low, int high) {
        if (low == high) {
            return Integer.toString(low);
        }
        int middle = (low + high + 1) / 2;
        return "CASE WHEN " + GOOD_LINE + " > " + thresholds[middle] + " THEN "
                + undecodableBefore(thresholds, middle, high) + " ELSE "
                + undecodableBefore(thresholds, low, middle - 1) + " END";
    }

    private static String rejectTable() {
        return "almanac_rejects_" + UUID.randomUUID().toString().replace("-", "");
    }

    private void dropRejectTable(String name) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + DuckDbSql.identifier(name));
            statement.execute("DROP TABLE IF EXISTS " + DuckDbSql.identifier(name + "_scan"));
        } catch (SQLException e) {
            throw DuckDbErrors.translate(e);
        }
    }

    private static void checkReadable(List<Path> files) {
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
    }

    private static String list(List<Path> files) {
        return files.stream()
                .map(file -> DuckDbSql.literal(file.toString()))
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** Drops what {@link #stage} made for {@code relation}, or a table staged from Java rows under that name. */
    void drop(String relation) {
        StagedRelations.drop(connection, relation);
        List<String> rejectTables = rejectTablesOf.remove(relation);
        if (rejectTables != null) {
            rejectTables.forEach(this::dropRejectTable);
        }
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
        Set<String> relations = new HashSet<>(written.keySet());
        relations.addAll(rejectTablesOf.keySet());
        relations.forEach(this::drop);
    }

    /** The CSV reader of one file's lines; with a rejects table, rejected lines go there instead of failing the read. */
    private static String reader(Path file, Optional<String> rejects) {
        return "read_csv(" + DuckDbSql.literal(file.toString())
                + ", columns = {'line': 'VARCHAR'}, delim = chr(13), quote = '', escape = '', header = false,"
                + " auto_detect = false, new_line = '\\n', compression = '" + (isGzip(file) ? "gzip" : "none") + "'"
                + rejects.map(table -> ", store_rejects = true, rejects_limit = 0, rejects_table = "
                                + DuckDbSql.literal(table) + ", rejects_scan = " + DuckDbSql.literal(table + "_scan"))
                        .orElse("")
                + ")";
    }

    private static boolean isGzip(Path file) {
        try (InputStream input = Files.newInputStream(file)) {
            return input.read() == GZIP_MAGIC_FIRST && input.read() == GZIP_MAGIC_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
