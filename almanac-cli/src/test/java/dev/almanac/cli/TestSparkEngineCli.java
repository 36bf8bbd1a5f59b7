package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code almanac sql --engine spark}: the same tables, read and written by a Spark driver. */
class TestSparkEngineCli {
    @TempDir
    Path directory;

    private Path warehouse;

    @BeforeEach
    void createTable() {
        warehouse = directory.resolve("w");
        assertThat(run(Map.of(), "init", warehouse.toString()).exitCode()).isEqualTo(0);
        CliRun created = run(
                Map.of(),
                "--warehouse",
                warehouse.toString(),
                "sql",
                "CREATE TABLE raw.t PARTITIONED BY (dt) AS SELECT r.id AS id,"
                        + " DATE '2024-01-01' + CAST(r.id % 30 AS INTEGER) AS dt FROM range(30000) AS r(id)");
        assertThat(created.out()).startsWith("create-table raw.t: 30,000 rows, 30 files");
    }

    @Test
    void sparkReadsThePlannedFilesAndWritesFilesTheWarehouseCommits() {
        CliRun oneDay = run(
                Map.of(),
                "--warehouse",
                warehouse.toString(),
                "sql",
                "--engine",
                "spark",
                "--stats",
                "SELECT count(*) AS n, min(id) AS first FROM raw.t WHERE dt = '2024-01-02'");
        assertThat(oneDay.err()).contains(": read 1 of 30 files");
        assertThat(oneDay.exitCode()).isEqualTo(0);
        assertThat(oneDay.out()).isEqualTo("n,first\n1000,1\n");

        CliRun insert = run(
                Map.of(),
                "--warehouse",
                warehouse.toString(),
                "sql",
                "--engine",
                "spark",
                "INSERT OVERWRITE TABLE raw.t PARTITION (dt='2024-01-05') SELECT id FROM range(7)");
        assertThat(insert.exitCode()).isEqualTo(0);
        assertThat(insert.out()).startsWith("overwrite-partition raw.t: 7 rows, 1 file");

        CliRun checked = run(
                Map.of(),
                "--warehouse",
                warehouse.toString(),
                "sql",
                "SELECT count(*) AS n, max(id) AS last FROM raw.t WHERE dt = '2024-01-05'");
        assertThat(checked.out()).isEqualTo("n,last\n7,6\n");
    }

    @Test
    void aMissingSparkInstallationIsAClearUserError() {
        Path empty = directory.resolve("no-spark");
        CliRun run = run(
                Map.of("ALMANAC_SPARK_LIB", empty.toString()),
                "--warehouse",
                warehouse.toString(),
                "sql",
                "--engine",
                "spark",
                "SELECT 1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("error: The Spark engine is not installed: " + empty
                        + " does not hold the Spark driver and Spark's jars; build them with"
                        + " `./mvnw -pl almanac-spark-driver -am package` and point ALMANAC_SPARK_LIB at"
                        + " almanac-spark-driver/target/spark-lib, or use the distribution's spark folder\n");
    }

    private CliRun run(Map<String, String> environment, String... args) {
        return CliRun.run(directory, environment, args);
    }
}
