package dev.almanac.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.WriteRequest;
import dev.almanac.spi.engine.WriteResult;
import dev.almanac.spi.engine.WriteResult.WrittenFile;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.testing.QueryRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestParquetFileWriter {
    private static final List<Field> COLUMNS =
            List.of(new Field(1, "id", PrimitiveType.BIGINT, false), new Field(2, "dt", PrimitiveType.DATE, false));

    @TempDir
    Path temporary;

    private DuckDbEngine engine;

    @BeforeEach
    void openEngine() {
        engine = DuckDbEngine.open(new EngineContext(temporary.resolve("scratch"), Map.of()));
    }

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    @Test
    void eachPartitionValueGetsAFileAndAStagedQueryKeepsItsOrder() {
        String query = "SELECT id, CASE WHEN id % 5 = 0 THEN NULL ELSE DATE '2024-01-01' + CAST(id % 3 AS INTEGER) END"
                + " FROM range(30000) AS r(id) ORDER BY id DESC";
        for (boolean rereadable : List.of(false, true)) {
            Path directory = temporary.resolve("data-" + rereadable);

            WriteResult written = engine.write(query, List.of(), request(directory, rereadable));

            assertThat(written.rows()).isEqualTo(30_000);
            assertThat(folders(written))
                    .containsExactly(
                            "dt=2024-01-01", "dt=2024-01-02", "dt=2024-01-03", "dt=__HIVE_DEFAULT_PARTITION__");
            for (WrittenFile file : written.files()) {
                assertThat(rows("SELECT count(DISTINCT dt IS NULL), count(*) FROM read_parquet('" + file.path() + "')"))
                        .containsExactly(List.of(1L, file.rowCount()));
                if (!rereadable) {
                    continue;
                }
                // written one value at a time from the staged rows: ids fall in every file, as the query ordered them
                assertThat(rows("SELECT count(*) FROM (SELECT id - lag(id) OVER (ORDER BY file_row_number) AS step"
                                + " FROM read_parquet('" + file.path() + "', file_row_number = true)) WHERE step >= 0"))
                        .containsExactly(List.of(0L));
            }
            assertThat(rows("SELECT count(*), count(dt), CAST(sum(id) AS BIGINT) FROM read_parquet('" + directory
                            + "/*/*.parquet')"))
                    .containsExactly(List.of(30_000L, 24_000L, 449_985_000L));
        }
        assertThat(leftOverTables()).isEmpty();
    }

    @Test
    void manyPartitionValuesOfAStagedQueryAreWrittenInOnePass() throws IOException {
        int values = ParquetFileWriter.SEPARATE_PARTITIONS_AT_MOST + 6;
        Path directory = temporary.resolve("many");

        WriteResult written = engine.write(
                "SELECT id, DATE '2024-01-01' + CAST(id % " + values + " AS INTEGER) FROM range(7000) AS r(id)",
                List.of(),
                request(directory, true));

        assertThat(written.files()).hasSize(values);
        assertThat(written.rows()).isEqualTo(7000);
        try (Stream<Path> folders = Files.list(directory)) {
            assertThat(folders.count()).isEqualTo(values);
        }
        assertThat(rows("SELECT count(DISTINCT dt), CAST(max(dt) - min(dt) AS BIGINT) FROM read_parquet('" + directory
                        + "/*/*.parquet')"))
                .containsExactly(List.of((long) values, (long) values - 1));
        assertThat(leftOverTables()).isEmpty();
    }

    @Test
    void aFailingQueryLeavesNoRowsBehindAndTheSessionAsItWas() {
        // the engine's own CAST, which fails on bad text where the pipeline dialect's gives NULL
        assertThatThrownBy(() -> engine.write(
                        Engine.NATIVE_SQL_MARKER
                                + "\nSELECT id, CAST(CASE WHEN id < 10 THEN '2024-01-01' ELSE 'not a date' END AS DATE)"
                                + " FROM range(20) AS r(id)",
                        List.of(),
                        request(temporary.resolve("failed"), true)))
                .isInstanceOf(AlmanacException.class)
                .hasMessageContaining("not a date");
        assertThat(leftOverTables()).isEmpty();
        assertThat(rows("SELECT current_setting('preserve_insertion_order')")).containsExactly(List.of(false));
    }

    private static WriteRequest request(Path directory, boolean rereadable) {
        return new WriteRequest(directory, COLUMNS, List.of("dt"), Map.of(), rereadable);
    }

    private static List<String> folders(WriteResult written) {
        TreeMap<String, Long> folders = new TreeMap<>();
        for (WrittenFile file : written.files()) {
            folders.merge(Path.of(file.path()).getParent().getFileName().toString(), 1L, Long::sum);
        }
        assertThat(folders.values()).containsOnly(1L);
        return new ArrayList<>(folders.keySet());
    }

    private List<List<Object>> leftOverTables() {
        return rows("SELECT table_name FROM duckdb_tables() WHERE temporary");
    }

    private List<List<Object>> rows(String query) {
        return QueryRows.all(engine.query(Engine.NATIVE_SQL_MARKER + "\n" + query, List.of()));
    }
}
