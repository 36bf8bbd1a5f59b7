package dev.almanac.duckdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.testing.QueryRows;
import dev.almanac.testing.TrackingLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDuckDbStagedLines {
    private static final String STAGED = "lines";
    private static final String KEPT = "kept";

    @TempDir
    Path temporary;

    private Path scratch;
    private DuckDbEngine engine;

    @BeforeEach
    void openEngine() {
        scratch = temporary.resolve("scratch");
        engine = DuckDbEngine.open(new EngineContext(scratch, Map.of()));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void everyLineKeepsItsNumberAcrossManyRowGroupsAndFiles() {
        // each line holds its own number; enough lines for many row groups, read by parallel threads
        Path gzip = temporary.resolve("first.gz");
        Path plain = temporary.resolve("second.log");
        TrackingLogs.writeGzip(gzip, numbered(100_000));
        TrackingLogs.writePlain(plain, numbered(70_001));

        engine.stageLines(STAGED, List.of(gzip, plain));

        assertThat(rows("SELECT source_file, count(*), min(line_number), max(line_number),"
                        + " count(*) FILTER (WHERE line_number <> CAST(line AS BIGINT)) FROM " + STAGED
                        + " GROUP BY 1 ORDER BY 1"))
                .containsExactly(
                        Arrays.asList(gzip.toString(), 100_000L, 1L, 100_000L, 0L),
                        Arrays.asList(plain.toString(), 70_001L, 1L, 70_001L, 0L));
    }

    @Test
    void emptyLinesAreNullAndKeepTheirPlace() throws IOException {
        Path file = temporary.resolve("blank.log");
        Files.write(file, "{\"a\": 1}\n\n   \n{\"b\": 2}".getBytes(UTF_8));

        engine.stageLines(STAGED, List.of(file));
        assertThat(rows("SELECT line_number, line FROM " + STAGED + " ORDER BY 1"))
                .containsExactly(
                        Arrays.asList(1L, "{\"a\": 1}"),
                        Arrays.asList(2L, null),
                        Arrays.asList(3L, "   "),
                        Arrays.asList(4L, "{\"b\": 2}"));
    }

    @Test
    void oneFileIsNumberedInFileOrderWhenAStatementKeepsItsLines() {
        // a plain file large enough for DuckDB to read it in several parallel chunks, and a gzip one
        Path plain = temporary.resolve("large.log");
        Path gzip = temporary.resolve("large.gz");
        List<String> lines = padded(600_000);
        TrackingLogs.writePlain(plain, lines);
        TrackingLogs.writeGzip(gzip, lines);

        for (Path file : List.of(plain, gzip)) {
            engine.stageLines(STAGED, List.of(file));
            long kept =
                    engine.stageQuery(KEPT, "SELECT line_number, CAST(trim(line) AS BIGINT) AS number FROM " + STAGED);

            assertThat(kept).isEqualTo(600_000);
            assertThat(rows("SELECT count(*), min(line_number), max(line_number),"
                            + " count(*) FILTER (WHERE line_number <> number) FROM " + KEPT))
                    .containsExactly(List.of(600_000L, 1L, 600_000L, 0L));
            // the kept rows are in the query's order, which a later scan sees
            assertThat(rows("SELECT count(*) FROM (SELECT number - lag(number) OVER (ORDER BY rowid) AS step FROM "
                            + KEPT + ") WHERE step <> 1"))
                    .containsExactly(List.of(0L));
        }
        assertThat(rows("SELECT current_setting('preserve_insertion_order')")).containsExactly(List.of(false));
    }

    @Test
    void aBrokenGzipStreamFailsTheStatementThatReadsIt() throws IOException {
        Path file = temporary.resolve("broken.gz");
        TrackingLogs.writeTruncatedGzip(file, numbered(50_000), 0.5);

        engine.stageLines(STAGED, List.of(file));
        assertThatThrownBy(() -> engine.stageQuery(KEPT, "SELECT * FROM " + STAGED))
                .isInstanceOf(AlmanacException.class)
                .hasMessageContaining("GZIP");
        assertThatThrownBy(() -> rows("SELECT count(*) FROM " + KEPT))
                .isInstanceOf(AlmanacException.class)
                .hasMessageContaining(KEPT);
        // the session's own setting is back, so later statements may still run in any order
        assertThat(rows("SELECT current_setting('preserve_insertion_order')")).containsExactly(List.of(false));
        engine.dropStaged(STAGED);
        assertNothingStaged();
    }

    @Test
    void aBrokenGzipStreamAmongSeveralFilesFailsAndLeavesNothingStaged() throws IOException {
        Path good = temporary.resolve("good.gz");
        Path broken = temporary.resolve("broken.gz");
        TrackingLogs.writeGzip(good, numbered(10));
        TrackingLogs.writeTruncatedGzip(broken, numbered(50_000), 0.5);

        assertThatThrownBy(() -> engine.stageLines(STAGED, List.of(good, broken)))
                .isInstanceOf(AlmanacException.class)
                .hasMessageContaining("GZIP");
        assertNothingStaged();
        assertThat(rows("SELECT current_setting('preserve_insertion_order')")).containsExactly(List.of(false));
    }

    @Test
    void carriageReturnsAndOtherEncodingsFailInsteadOfSplittingLines() throws IOException {
        Path windows = temporary.resolve("windows.log");
        Files.write(windows, "{\"a\": 1}\r\n{\"b\": 2}\r\n".getBytes(UTF_8));
        Path latin1 = temporary.resolve("latin1.log");
        Files.write(latin1, new byte[] {'{', '}', '\n', (byte) 0xe9, '\n'});

        engine.stageLines(STAGED, List.of(windows));
        assertThatThrownBy(() -> engine.stageQuery(KEPT, "SELECT * FROM " + STAGED))
                .isInstanceOf(AlmanacException.class)
                .hasMessageContaining("CSV");
        engine.stageLines(STAGED, List.of(latin1));
        assertThatThrownBy(() -> engine.stageQuery(KEPT, "SELECT * FROM " + STAGED))
                .isInstanceOf(AlmanacException.class)
                .hasMessageContaining("Invalid unicode");
        assertThatThrownBy(() -> engine.stageLines(STAGED, List.of(windows, latin1)))
                .isInstanceOf(AlmanacException.class)
                .hasMessageContaining("CSV");
        assertNothingStaged();
    }

    @Test
    void droppingTheRelationRemovesItsFiles() throws IOException {
        Path first = temporary.resolve("one.log");
        Path second = temporary.resolve("two.log");
        TrackingLogs.writePlain(first, numbered(3));
        TrackingLogs.writePlain(second, numbered(2));
        engine.stageLines(STAGED, List.of(first, second));
        assertThat(stagedCopies()).hasSize(2);

        engine.dropStaged(STAGED);

        assertNothingStaged();
    }

    private void assertNothingStaged() throws IOException {
        assertThatThrownBy(() -> rows("SELECT count(*) FROM " + STAGED))
                .isInstanceOf(AlmanacException.class)
                .hasMessageContaining(STAGED);
        assertThat(stagedCopies()).isEmpty();
    }

    private List<Path> stagedCopies() throws IOException {
        try (Stream<Path> files = Files.list(scratch)) {
            return files.filter(path -> path.getFileName().toString().startsWith("staged-"))
                    .toList();
        }
    }

    private List<List<Object>> rows(String query) {
        return QueryRows.all(engine.query(Engine.NATIVE_SQL_MARKER + "\n" + query, List.of()));
    }

    /** Numbers padded to a realistic line length, so that the file spans several of DuckDB's read buffers. */
    private static List<String> padded(int count) {
        List<String> lines = new ArrayList<>(count);
        String padding = " ".repeat(60);
        for (int i = 1; i <= count; i++) {
            lines.add(padding + i);
        }
        return lines;
    }

    private static List<String> numbered(int count) {
        List<String> lines = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            lines.add(Integer.toString(i));
        }
        return lines;
    }
}
