package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed with SIGKILL while its files are half written leaves the table as it was. */
class TestKilledWrite {
    @TempDir
    Path directory;

    @Test
    void killedWriteLeavesThePreviousSnapshotAndARerunSucceeds() throws Exception {
        killAWriteAndRerun(List.of());
    }

    @Test
    void killedWriteWithAPostgresControlDatabase() throws Exception {
        killAWriteAndRerun(List.of("--control-db", dev.almanac.testing.TestingPostgres.newSchemaUrl()));
    }

    private void killAWriteAndRerun(List<String> initOptions) throws Exception {
        Path warehouse = directory.resolve("w");
        List<String> init = new java.util.ArrayList<>(List.of("init", warehouse.toString()));
        init.addAll(initOptions);
        assertThat(CliRun.run(directory, Map.of(), init.toArray(String[]::new)).exitCode())
                .isEqualTo(0);
        String create = "CREATE TABLE raw.big PARTITIONED BY (dt) AS SELECT range AS id, repeat('x', 50) AS payload,"
                + " DATE '2024-01-01' + CAST(range % 3 AS INTEGER) AS dt FROM range(30000)";
        assertThat(sql(warehouse, create).exitCode()).isEqualTo(0);
        Path data = warehouse.resolve("data/raw/big/data");
        List<Path> committedFiles = parquetFiles(data);

        Process writer = new ProcessBuilder(javaCommand(
                        warehouse,
                        "INSERT INTO raw.big SELECT range, md5(CAST(range AS VARCHAR)) || repeat('y', 200),"
                                + " DATE '2024-01-01' + CAST(range % 3 AS INTEGER) FROM range(2000000000)"))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("writer.log").toFile())
                .start();
        try {
            awaitNewDataFile(data, committedFiles, writer);
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(writer.exitValue()).isEqualTo(137);
        assertThat(parquetFiles(data)).hasSizeGreaterThan(committedFiles.size());

        CliRun count = sql(warehouse, "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM raw.big");
        assertThat(count.out()).isEqualTo("n,ids\n30000,30000\n");

        assertThat(sql(warehouse, "INSERT INTO raw.big SELECT range + 30000, 'z', DATE '2024-01-02' FROM range(500)")
                        .exitCode())
                .isEqualTo(0);
        assertThat(sql(warehouse, "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM raw.big")
                        .out())
                .isEqualTo("n,ids\n30500,30500\n");
    }

    private static void awaitNewDataFile(Path data, List<Path> committed, Process writer) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            if (!writer.isAlive()) {
                throw new AssertionError("The writer ended before it could be killed, exit " + writer.exitValue());
            }
            for (Path file : parquetFiles(data)) {
                if (!committed.contains(file) && sizeOf(file) > 1_000_000) {
                    return;
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        throw new AssertionError("The writer wrote no data file within 3 minutes");
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<Path> parquetFiles(Path data) {
        if (!Files.isDirectory(data)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(data)) {
            return files.filter(file -> file.toString().endsWith(".parquet")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CliRun sql(Path warehouse, String statement) {
        return CliRun.run(warehouse, Map.of(), "--warehouse", warehouse.toString(), "sql", statement);
    }

    private static List<String> javaCommand(Path warehouse, String statement) {
        return CliProcess.command("--warehouse", warehouse.toString(), "sql", statement);
    }
}
