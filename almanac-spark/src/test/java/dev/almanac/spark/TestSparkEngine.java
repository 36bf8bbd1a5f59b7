package dev.almanac.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.FileFormat;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.engine.StatementAnalysis.ColumnFilter;
import dev.almanac.spi.engine.StatementAnalysis.LiteralKind;
import dev.almanac.spi.engine.StatementAnalysis.Operator;
import dev.almanac.spi.engine.StatementAnalysis.TableReference;
import dev.almanac.spi.engine.TableBinding;
import dev.almanac.spi.engine.TableBinding.DataFileReference;
import dev.almanac.spi.engine.WriteRequest;
import dev.almanac.spi.engine.WriteResult;
import dev.almanac.spi.engine.WriteResult.WrittenFile;
import dev.almanac.spi.type.DecimalType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.ListType;
import dev.almanac.spi.type.MapType;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.spi.type.StructType;
import dev.almanac.testing.ParquetFooters;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine through the SPI alone: one driver for the class, a session per test. */
class TestSparkEngine {
    private static final List<Field> EVENT_COLUMNS = List.of(
            new Field(1, "id", PrimitiveType.BIGINT, false),
            new Field(2, "username", PrimitiveType.STRING, false),
            new Field(3, "dt", PrimitiveType.DATE, false));

    @RegisterExtension
    static final TestingSparkDriver spark = new TestingSparkDriver();

    @TempDir
    Path temporary;

    private SparkEngine engine;

    @BeforeEach
    void openSession() {
        engine = SparkEngine.attach(spark.driver());
    }

    @AfterEach
    void closeSession() {
        engine.close();
    }

    @Test
    void analyzeFindsTablesAndTheFiltersOnEach() {
        assertThat(engine.analyze("WITH recent AS (SELECT * FROM raw.events WHERE dt >= '2024-01-02')"
                                + " SELECT e.username, c.title FROM recent e JOIN edx.mitx.courses AS c"
                                + " ON e.course = c.id WHERE EXISTS (SELECT 1 FROM raw.enrollments)")
                        .references())
                .containsExactlyInAnyOrder(
                        new TableReference(
                                List.of("raw", "events"),
                                List.of(new ColumnFilter(
                                        "dt",
                                        Operator.GREATER_THAN_OR_EQUAL,
                                        LiteralKind.STRING,
                                        List.of("2024-01-02")))),
                        new TableReference(List.of("edx", "mitx", "courses"), List.of()),
                        new TableReference(List.of("raw", "enrollments"), List.of()));
        assertThat(engine.analyze("SELECT count(*) FROM raw.events AS e WHERE e.dt = DATE '2024-01-02'"
                                + " AND 3 < score AND username IN ('a', 'b') AND course IS NOT NULL"
                                + " AND id BETWEEN 10 AND 20 AND other.x = 1 AND score + 1 = 2")
                        .references())
                .containsExactly(new TableReference(
                        List.of("raw", "events"),
                        List.of(
                                new ColumnFilter("dt", Operator.EQUAL, LiteralKind.DATE, List.of("2024-01-02")),
                                new ColumnFilter("score", Operator.GREATER_THAN, LiteralKind.NUMBER, List.of("3")),
                                new ColumnFilter("username", Operator.IN, LiteralKind.STRING, List.of("a", "b")),
                                new ColumnFilter("course", Operator.IS_NOT_NULL, LiteralKind.NONE, List.of()),
                                new ColumnFilter(
                                        "id", Operator.GREATER_THAN_OR_EQUAL, LiteralKind.NUMBER, List.of("10")),
                                new ColumnFilter(
                                        "id", Operator.LESS_THAN_OR_EQUAL, LiteralKind.NUMBER, List.of("20")))));
    }

    @Test
    void analyzeRejectsWhatIsNotAQuery() {
        assertThatThrownBy(() -> engine.analyze("SELEC 1"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'. (line 1, pos 0)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.SYNTAX_ERROR);
        assertThatThrownBy(() -> engine.analyze("DROP TABLE raw.events"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Only queries (SELECT …) and Almanac's write statements can run here, not DropTable")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
    }

    @Test
    void queryReturnsTheJavaValuesTheSpiPromises() {
        try (QueryResult result = engine.query(
                "SELECT true AS flag, CAST(7 AS SMALLINT) AS small, 5000000000 AS big, CAST(1.5 AS FLOAT) AS f,"
                        + " CAST('NaN' AS DOUBLE) AS nan, CAST(12.34 AS DECIMAL(10,2)) AS price, 'é' AS text,"
                        + " X'CAFE' AS bytes, DATE '2024-02-29' AS day, TIMESTAMP_NTZ '2024-01-02 03:04:05.5' AS local,"
                        + " TIMESTAMP_LTZ '2024-01-02 03:04:05.123456' AS instant, array(1, NULL) AS numbers,"
                        + " map('k', 1.5D) AS weights, named_struct('a', 1, 'b', array('x')) AS pair,"
                        + " CAST(NULL AS STRING) AS missing",
                List.of())) {
            assertThat(result.columns())
                    .containsExactly(
                            Field.of("flag", PrimitiveType.BOOLEAN),
                            Field.of("small", PrimitiveType.INTEGER),
                            Field.of("big", PrimitiveType.BIGINT),
                            Field.of("f", PrimitiveType.FLOAT),
                            Field.of("nan", PrimitiveType.DOUBLE),
                            Field.of("price", new DecimalType(10, 2)),
                            Field.of("text", PrimitiveType.STRING),
                            Field.of("bytes", PrimitiveType.BINARY),
                            Field.of("day", PrimitiveType.DATE),
                            Field.of("local", PrimitiveType.TIMESTAMP),
                            Field.of("instant", PrimitiveType.TIMESTAMPTZ),
                            Field.of("numbers", ListType.of(PrimitiveType.INTEGER)),
                            Field.of("weights", MapType.of(PrimitiveType.STRING, PrimitiveType.DOUBLE)),
                            Field.of(
                                    "pair",
                                    new StructType(List.of(
                                            Field.of("a", PrimitiveType.INTEGER),
                                            Field.of("b", ListType.of(PrimitiveType.STRING))))),
                            Field.of("missing", PrimitiveType.STRING));
            assertThat(result.next()).isTrue();
            List<Object> row = new ArrayList<>();
            for (int i = 0; i < result.columns().size(); i++) {
                row.add(result.value(i));
            }
            assertThat(row)
                    .containsExactly(
                            true,
                            7,
                            5000000000L,
                            1.5f,
                            Double.NaN,
                            new BigDecimal("12.34"),
                            "é",
                            new byte[] {(byte) 0xCA, (byte) 0xFE},
                            LocalDate.parse("2024-02-29"),
                            LocalDateTime.parse("2024-01-02T03:04:05.500"),
                            Instant.parse("2024-01-02T03:04:05.123456Z"),
                            Arrays.asList(1, null),
                            Map.of("k", 1.5),
                            Map.of("a", 1, "b", List.of("x")),
                            null);
            assertThat(result.next()).isFalse();
        }
    }

    @Test
    void resultsLargerThanABatchArriveWhole() {
        try (QueryResult result = engine.query(
                "SELECT id FROM range(" + (SparkQueryResult.BATCH_ROWS * 2 + 5) + ") ORDER BY id", List.of())) {
            long expected = 0;
            while (result.next()) {
                assertThat(result.value(0)).isEqualTo(expected++);
            }
            assertThat(expected).isEqualTo(SparkQueryResult.BATCH_ROWS * 2 + 5);
        }
    }

    @Test
    void writesPartitionedFilesWithFieldIdsThatReadBackByFieldId() {
        WriteResult written = engine.write(
                "SELECT r.id, concat('user', CAST(r.id % 3 AS STRING)), DATE '2024-01-01' + CAST(r.id % 2 AS INT)"
                        + " FROM range(10) AS r(id)",
                List.of(), new WriteRequest(temporary.resolve("data"), EVENT_COLUMNS, List.of("dt"), Map.of()));

        assertThat(written.rows()).isEqualTo(10);
        assertThat(written.files()).hasSize(2);
        assertThat(written.files().stream()
                        .map(file ->
                                Path.of(file.path()).getParent().getFileName().toString()))
                .containsExactlyInAnyOrder("dt=2024-01-01", "dt=2024-01-02");
        assertThat(written.files()).allSatisfy(file -> {
            assertThat(Path.of(file.path()).getFileName().toString()).matches("data-[0-9a-f-]{36}\\.parquet");
            assertThat(Files.size(Path.of(file.path()))).isEqualTo(file.sizeBytes());
        });
        assertThat(leftovers(temporary.resolve("data"))).isEmpty();
        MessageType footer =
                ParquetFooters.schema(Path.of(written.files().get(0).path()));
        assertThat(footer.getFields().stream()
                        .map(field -> field.getName() + ":" + field.getId())
                        .toList())
                .containsExactly("id:1", "username:2", "dt:3");

        // renamed columns are found by field id, a column the files lack reads as NULL
        List<Field> evolved = List.of(
                new Field(1, "event_id", PrimitiveType.BIGINT, false),
                new Field(3, "dt", PrimitiveType.DATE, false),
                new Field(4, "country", PrimitiveType.STRING, false));
        assertThat(rows(
                        "SELECT dt, count(*), min(event_id), max(country) FROM raw.events GROUP BY dt ORDER BY dt",
                        List.of(binding(List.of("raw", "events"), evolved, written))))
                .containsExactly(
                        Arrays.asList(LocalDate.parse("2024-01-01"), 5L, 0L, null),
                        Arrays.asList(LocalDate.parse("2024-01-02"), 5L, 1L, null));
    }

    @Test
    void staticPartitionValuesFillTheirColumnAndValuesAreCastToTheTableType() {
        WriteResult written = engine.write(
                "SELECT 1, 'ann'",
                List.of(),
                new WriteRequest(temporary.resolve("data"), EVENT_COLUMNS, List.of("dt"), Map.of("dt", "2024-03-05")));
        assertThat(written.files()).hasSize(1);
        assertThat(Path.of(written.files().get(0).path())
                        .getParent()
                        .getFileName()
                        .toString())
                .isEqualTo("dt=2024-03-05");
        assertThat(rows("SELECT * FROM raw.events", List.of(binding(List.of("raw", "events"), EVENT_COLUMNS, written))))
                .containsExactly(List.of(1L, "ann", LocalDate.parse("2024-03-05")));

        assertThatThrownBy(() -> engine.write(
                        "SELECT 1",
                        List.of(),
                        new WriteRequest(temporary.resolve("data"), EVENT_COLUMNS, List.of("dt"), Map.of())))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("The table expects 3 columns from the query [id, username, dt] but it returns 1 [1]")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.TYPE_MISMATCH);
    }

    @Test
    void aQueryWithNoRowsWritesNoFiles() {
        WriteResult written = engine.write(
                "SELECT 1, 'x', DATE '2024-01-01' WHERE false",
                List.of(),
                new WriteRequest(temporary.resolve("data"), EVENT_COLUMNS, List.of(), Map.of()));
        assertThat(written.files()).isEmpty();
        assertThat(leftovers(temporary.resolve("data"))).isEmpty();
    }

    @Test
    void tablesWithoutFilesReadAsEmpty() {
        assertThat(rows(
                        "SELECT count(*) FROM edx.mitx.events",
                        List.of(new TableBinding(List.of("edx", "mitx", "events"), EVENT_COLUMNS, List.of()))))
                .containsExactly(List.of(0L));
    }

    @Test
    void stagedRowsAreReadableUntilDropped() {
        List<Field> columns = List.of(
                Field.of("line", PrimitiveType.BIGINT),
                Field.of("text", PrimitiveType.STRING),
                Field.of("amount", new DecimalType(6, 2)),
                Field.of("at", PrimitiveType.TIMESTAMPTZ));
        List<List<Object>> staged = new ArrayList<>();
        for (long line = 1; line <= SparkEngine.STAGE_BATCH_ROWS + 3; line++) {
            staged.add(Arrays.asList(line, line % 2 == 0 ? null : "odd", new BigDecimal("1.5"), Instant.EPOCH));
        }
        assertThat(engine.stage("lines", columns, staged.iterator())).isEqualTo(staged.size());
        assertThat(rows("SELECT count(*), count(text), sum(amount), min(at) FROM lines", List.of()))
                .containsExactly(List.of(
                        (long) staged.size(),
                        (long) (staged.size() + 1) / 2,
                        new BigDecimal("15004.50"),
                        Instant.EPOCH));

        engine.dropStaged("lines");
        assertThatThrownBy(() -> rows("SELECT * FROM lines", List.of()))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("[TABLE_OR_VIEW_NOT_FOUND] The table or view `lines` cannot be found.")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.TABLE_NOT_FOUND);
    }

    @Test
    void sessionsDoNotSeeEachOthersStagedRelations() {
        engine.stage(
                "mine",
                List.of(Field.of("x", PrimitiveType.INTEGER)),
                List.<List<Object>>of(List.of(1)).iterator());
        try (SparkEngine other = SparkEngine.attach(spark.driver())) {
            assertThatThrownBy(() -> other.describe("SELECT * FROM mine", List.of()))
                    .hasMessageStartingWith("[TABLE_OR_VIEW_NOT_FOUND] The table or view `mine` cannot be found.");
        }
        assertThat(rows("SELECT x FROM mine", List.of())).containsExactly(List.of(1));
    }

    @Test
    void exportsOneFileInEachFormat() throws IOException {
        String query = "SELECT r.id, concat('n', CAST(r.id AS STRING)) AS name FROM range(3) AS r(id) ORDER BY id";
        Path csv = temporary.resolve("out.csv");
        engine.export(query, List.of(), FileFormat.CSV, csv);
        assertThat(Files.readAllLines(csv, StandardCharsets.UTF_8)).containsExactly("id,name", "0,n0", "1,n1", "2,n2");

        Path json = temporary.resolve("out.json");
        engine.export(query, List.of(), FileFormat.JSON, json);
        assertThat(Files.readAllLines(json, StandardCharsets.UTF_8))
                .containsExactly(
                        "{\"id\":0,\"name\":\"n0\"}", "{\"id\":1,\"name\":\"n1\"}", "{\"id\":2,\"name\":\"n2\"}");

        Path parquet = temporary.resolve("out.parquet");
        engine.export(query, List.of(), FileFormat.PARQUET, parquet);
        assertThat(ParquetFooters.schema(parquet).getFields().stream()
                        .map(field -> field.getName())
                        .toList())
                .containsExactly("id", "name");
        try (Stream<Path> files = Files.list(temporary)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("out.csv", "out.json", "out.parquet");
        }
    }

    @Test
    void unknownColumnIsAColumnError() {
        assertThatThrownBy(() -> engine.describe("SELECT nope", List.of()))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter with"
                        + " name `nope` cannot be resolved. (line 1, pos 7)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
        assertThatThrownBy(() -> engine.describe("SELECT nope(1)", List.of()))
                .isInstanceOf(AlmanacException.class)
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.FUNCTION_NOT_FOUND);
        // Hive's reading, as on DuckDB: text that is not a number casts to NULL, not an error
        assertThat(rows("SELECT CAST('x' AS INT) AS n, CAST('12' AS INT) AS m", List.of()))
                .containsExactly(java.util.Arrays.asList(null, 12));
    }

    private List<List<Object>> rows(String query, List<TableBinding> tables) {
        try (QueryResult result = engine.query(query, tables)) {
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < result.columns().size(); i++) {
                    row.add(result.value(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static TableBinding binding(List<String> name, List<Field> schema, WriteResult written) {
        return new TableBinding(
                name,
                schema,
                written.files().stream()
                        .map((WrittenFile file) ->
                                new DataFileReference(file.path(), file.sizeBytes(), file.rowCount()))
                        .toList());
    }

    /** Files in a table folder other than the data files: staging folders, checksums, markers. */
    private static List<String> leftovers(Path directory) {
        if (!Files.exists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(file -> !file.equals(directory))
                    .filter(file -> !Files.isDirectory(file)
                            || !file.getFileName().toString().startsWith("dt="))
                    .filter(file -> !file.getFileName().toString().startsWith("data-"))
                    .map(Path::toString)
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
