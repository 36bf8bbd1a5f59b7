package dev.almanac.duckdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.UndecodableLine;
import dev.almanac.testing.QueryRows;
import dev.almanac.testing.TrackingLogs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
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
    void undecodableLinesAreSetAsideAndEveryOtherLineKeepsItsNumber() throws IOException {
        // bad bytes on the first lines, side by side, across DuckDB's read buffers, after an empty line and last
        Set<Integer> undecodable = Set.of(1, 2, 3, 777, 65_536, 65_537, 120_001, 199_999, 200_000);
        Path gzip = temporary.resolve("bytes.gz");
        writeGzip(gzip, withBadBytes(200_000, undecodable, 120_000));

        List<UndecodableLine> setAside = engine.stageDecodableLines(STAGED, List.of(gzip), 100);
        long kept = engine.stageQuery(
                KEPT, "SELECT line_number, CAST(nullif(trim(line), '') AS BIGINT) AS number FROM " + STAGED);

        assertThat(setAside).extracting(UndecodableLine::number).containsExactlyElementsOf(sorted(undecodable));
        assertThat(setAside).allSatisfy(line -> {
            assertThat(line.file()).isEqualTo(gzip.toString());
            assertThat(line.text()).endsWith("x" + line.number()).doesNotContain("\n");
        });
        assertThat(kept).isEqualTo(200_000 - undecodable.size());
        assertThat(rows("SELECT count(*) FILTER (WHERE line_number <> number), count(*) FILTER (WHERE number IS NULL),"
                        + " min(line_number) FILTER (WHERE number IS NULL) FROM " + KEPT))
                .containsExactly(List.of(0L, 1L, 120_000L));
        engine.dropStaged(STAGED);
        assertNothingStaged();
    }

    @Test
    void severalFilesWithUndecodableLinesAreNumberedEachFromOne() throws IOException {
        Path first = temporary.resolve("first.gz");
        Path second = temporary.resolve("second.log");
        writeGzip(first, withBadBytes(30_000, Set.of(5, 29_999), 0));
        Files.write(second, withBadBytes(20, Set.of(20), 0));

        List<UndecodableLine> setAside = engine.stageDecodableLines(STAGED, List.of(first, second), 2);

        assertThat(setAside)
                .extracting(UndecodableLine::file, UndecodableLine::number)
                .containsExactly(
                        tuple(first.toString(), 5L), tuple(first.toString(), 29_999L), tuple(second.toString(), 20L));
        assertThat(rows("SELECT source_file, count(*), max(line_number),"
                        + " count(*) FILTER (WHERE line_number <> CAST(trim(line) AS BIGINT)) FROM " + STAGED
                        + " GROUP BY 1 ORDER BY 1"))
                .containsExactly(
                        Arrays.asList(first.toString(), 29_998L, 30_000L, 0L),
                        Arrays.asList(second.toString(), 19L, 19L, 0L));
        engine.dropStaged(STAGED);
        assertNothingStaged();
    }

    @Test
    void settingUndecodableLinesAsideStillRefusesOtherFaultsAndTooManyBadLines() throws IOException {
        Path windows = temporary.resolve("windows.log");
        Files.write(windows, "{\"a\": 1}\r\n{\"b\": 2}\r\n".getBytes(UTF_8));
        Path broken = temporary.resolve("broken.gz");
        TrackingLogs.writeTruncatedGzip(broken, numbered(50_000), 0.5);
        Path latin1 = temporary.resolve("latin1.log");
        Files.write(latin1, withBadBytes(10, Set.of(2, 4, 6), 0));

        assertThatThrownBy(() -> engine.stageDecodableLines(STAGED, List.of(windows), 100))
                .isInstanceOf(AlmanacException.class)
                .hasMessageContaining("CSV");
        assertThatThrownBy(() -> engine.stageDecodableLines(STAGED, List.of(broken), 100))
                .isInstanceOf(AlmanacException.class)
                .hasMessageContaining("GZIP");
        assertThatThrownBy(() -> engine.stageDecodableLines(STAGED, List.of(latin1), 2))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Cannot read " + latin1 + " with DuckDB's reader: more than 2 lines are not UTF-8");
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
        assertThat(rows("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE 'almanac_rejects_%'"))
                .containsExactly(List.of(0L));
    }

    /**
     * Lines holding their numbers; the lines in {@code undecodable} start with a byte that is not
     * UTF-8 and end with {@code x<number>}, and line {@code empty} (when above 0) is empty.
     */
    private static byte[] withBadBytes(int count, Set<Integer> undecodable, int empty) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] padding = " ".repeat(60).getBytes(UTF_8);
        for (int i = 1; i <= count; i++) {
            if (i == empty) {
                out.write('\n');
                continue;
            }
            out.writeBytes(padding);
            if (undecodable.contains(i)) {
                out.write(0xff);
                out.write(0xfe);
                out.writeBytes(("x" + i).getBytes(UTF_8));
            } else {
                out.writeBytes(Integer.toString(i).getBytes(UTF_8));
            }
            if (i < count) {
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static void writeGzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }

    private static List<Long> sorted(Set<Integer> numbers) {
        return numbers.stream().sorted().map(Long::valueOf).toList();
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
