package dev.almanac.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.engine.WriteRequest;
import dev.almanac.spi.engine.WriteResult;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSparkEngine {
    @TempDir
    static Path driverDirectory;

    private static SparkDriver driver;

    @TempDir
    Path temporary;

    private SparkEngine engine;

    @BeforeAll
    static void startDriver() {
        driver = SparkDriver.start(SparkInstallation.locate(Map.of()), DriverOptions.forTesting(), driverDirectory);
    }

    @AfterAll
    static void stopDriver() {
        driver.close();
    }

    @BeforeEach
    void openSession() {
        engine = SparkEngine.attach(driver);
    }

    @AfterEach
    void closeSession() {
        engine.close();
    }

    @Test
    void writesPartitionedFilesWithFieldIds() {
        List<Field> columns = List.of(
                new Field(1, "id", PrimitiveType.INTEGER, false), new Field(2, "dt", PrimitiveType.DATE, false));
        WriteResult written = engine.write(
                "SELECT 1 AS id, DATE '2024-03-01' AS dt",
                List.of(),
                new WriteRequest(temporary.resolve("data"), columns, List.of("dt"), Map.of()));
        assertThat(written.files()).hasSize(1);
        assertThat(written.files().get(0).path()).contains("/data/dt=2024-03-01/data-");
        assertThat(written.rows()).isEqualTo(1);
    }

    static List<List<Object>> rows(QueryResult result) {
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

    @Test
    void unknownColumnIsAColumnError() {
        assertThatThrownBy(() -> engine.describe("SELECT nope", List.of()))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column, variable, or function parameter with"
                        + " name `nope` cannot be resolved. (line 1, pos 7)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.COLUMN_NOT_FOUND);
    }
}
