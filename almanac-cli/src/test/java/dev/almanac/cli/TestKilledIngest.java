package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.core.control.ControlDatabase;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.core.warehouse.SourceKind;
import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.core.warehouse.WarehouseConfigParser;
import dev.almanac.testing.TrackingLogs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `almanac ingest` killed with SIGKILL at several points, then rerun: every line counted exactly once. */
class TestKilledIngest {
    private static final int FILES = 6;
    private static final int EVENTS_PER_FILE = 20_000;

    @TempDir
    Path directory;

    @Test
    void killedIngestsThenARerunCountEveryLineOnce() throws Exception {
        Path warehouse = directory.resolve("w");
        assertThat(CliRun.run(directory, Map.of(), "init", warehouse.toString()).exitCode())
                .isEqualTo(0);
        SourceConfig tracking = new SourceConfig(
                "tracking", SourceKind.EDX_TRACKING_LOG, "incoming/tracking.log-*", Optional.empty(), Map.of());
        Files.writeString(
                warehouse.resolve("almanac.yaml"),
                WarehouseConfigParser.format(WarehouseConfig.defaults().withSources(List.of(tracking))),
                StandardCharsets.UTF_8);
        for (int day = 1; day <= FILES; day++) {
            List<String> lines = new ArrayList<>();
            Instant start = Instant.parse(String.format(Locale.ROOT, "2024-01-%02dT00:00:00Z", day));
            for (int i = 0; i < EVENTS_PER_FILE; i++) {
                lines.add(TrackingLogs.event(
                        "user" + (i % 301), "course-v1:MITx+6.002x+2024", start.plusMillis(i * 4000L)));
            }
            TrackingLogs.writeGzip(
                    warehouse.resolve(String.format(Locale.ROOT, "incoming/tracking.log-202401%02d.gz", day)), lines);
        }

        for (int loadedBeforeKill : new int[] {1, 3}) {
            Process ingest = new ProcessBuilder(javaCommand(warehouse))
                    .redirectErrorStream(true)
                    .redirectOutput(directory
                            .resolve("ingest-" + loadedBeforeKill + ".log")
                            .toFile())
                    .start();
            awaitLoadedFiles(warehouse, loadedBeforeKill, ingest);
            ingest.destroyForcibly();
            assertThat(ingest.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        CliRun rerun = CliRun.run(warehouse, Map.of(), "--warehouse", warehouse.toString(), "ingest");
        assertThat(rerun.exitCode()).isEqualTo(0);
        CliRun again = CliRun.run(warehouse, Map.of(), "--warehouse", warehouse.toString(), "ingest");
        assertThat(again.out()).startsWith("tracking: 0 files, 0 rows");

        CliRun counts = CliRun.run(
                warehouse,
                Map.of(),
                "--warehouse",
                warehouse.toString(),
                "sql",
                "SELECT count(*) AS n, count(DISTINCT source_file || ':' || source_line) AS lines FROM raw.tracking_log");
        assertThat(counts.out())
                .isEqualTo("n,lines\n" + FILES * EVENTS_PER_FILE + "," + FILES * EVENTS_PER_FILE + "\n");
    }

    /** Waits until the manifest shows at least {@code count} loaded files (or the process ends). */
    private static void awaitLoadedFiles(Path warehouse, int count, Process process) throws Exception {
        ControlDatabase database = new ControlDatabase(
                "jdbc:sqlite:" + warehouse.resolve("control.db"), Optional.empty(), Optional.empty());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            if (loadedFiles(database) >= count) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        assertThat(process.isAlive()).as("ingest still running when killed").isTrue();
    }

    private static int loadedFiles(ControlDatabase database) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM sqlite_master WHERE name = 'almanac_ingested_files'")) {
            rows.next();
            if (rows.getInt(1) == 0) {
                return 0;
            }
        }
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows =
                        statement.executeQuery("SELECT count(*) FROM almanac_ingested_files WHERE status = 'LOADED'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static List<String> javaCommand(Path warehouse) {
        return CliProcess.command("--warehouse", warehouse.toString(), "ingest");
    }
}
