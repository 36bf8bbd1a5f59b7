package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code spark:} section of {@code almanac.yaml} reaches the Spark driver, and its mistakes are named. */
class TestSparkSettingsCli {
    @TempDir
    Path directory;

    private Path warehouse;

    @BeforeEach
    void createWarehouse() {
        warehouse = directory.resolve("w");
        assertThat(run(Map.of(), "init", warehouse.toString()).exitCode()).isEqualTo(0);
    }

    @Test
    void theSectionsSettingsAreTheDriversSettings() throws IOException {
        append("""
                spark:
                  master: local[1]
                  driver-memory: 1g
                  conf:
                    spark.sql.shuffle.partitions: 3
                    spark.sql.adaptive.enabled: false
                """);
        // a shuffle makes spark.sql.shuffle.partitions partitions
        CliRun settings = run(
                Map.of(),
                "--warehouse",
                warehouse.toString(),
                "sql",
                "--engine",
                "spark",
                "SELECT count(DISTINCT p) AS partitions FROM (SELECT spark_partition_id() AS p FROM"
                        + " (SELECT r.id FROM range(100) AS r(id) DISTRIBUTE BY id))");
        assertThat(settings.exitCode()).as(settings.err()).isEqualTo(0);
        assertThat(settings.out()).isEqualTo("partitions\n3\n");
    }

    @Test
    void aClusterMasterOverSqliteIsRefusedBeforeAnythingStarts() throws IOException {
        append("spark:\n  master: spark://spark-master.example.org:7077\n");
        CliRun run = run(Map.of(), "--warehouse", warehouse.toString(), "sql", "--engine", "spark", "SELECT 1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: Spark master 'spark://spark-master.example.org:7077' is a cluster, but the control"
                        + " database is SQLite (jdbc:sqlite:control.db), one machine's file.");
    }

    @Test
    void clusterDeployModeIsRefused() throws IOException {
        append("spark:\n  deploy-mode: cluster\n");
        CliRun run = run(Map.of(), "--warehouse", warehouse.toString(), "tables");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("error: deploy-mode: cluster is not supported: Almanac sends the Spark driver its work"
                        + " over the driver's standard input and output");
    }

    private void append(String yaml) throws IOException {
        Path config = warehouse.resolve("almanac.yaml");
        Files.writeString(config, Files.readString(config) + yaml);
    }

    private CliRun run(Map<String, String> environment, String... args) {
        return CliRun.run(directory, environment, args);
    }
}
