package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.core.control.ControlDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 30-day backfill killed with SIGKILL midway, then resumed: every date is done once, the append
 * step's table holds one row per day, and running the range again changes nothing.
 */
class TestKilledPipelineRange {
    private static final String PIPELINE = """
            name: backfill
            steps:
              - name: users_per_day
                type: sql
                target: agg.users_per_day
                mode: partition
                sql: SELECT username, count(*) AS events, dt FROM raw.events WHERE dt = DATE '${dt}' GROUP BY username, dt
              - name: check_users
                type: check
                table: agg.users_per_day
                where: dt = DATE '${dt}'
                checks:
                  - primary_key: [username, dt]
              - name: totals
                type: sql
                depends_on: [check_users]
                target: agg.day_totals
                mode: append
                sql: SELECT DATE '${dt}' AS day, sum(events) AS events, count(*) AS users FROM agg.users_per_day WHERE dt = DATE '${dt}'
            """;

    private static final String TOTALS = "SELECT count(DISTINCT day) AS days, count(*) AS rows, sum(events) AS"
            + " events, count(DISTINCT day) AS distinct_days FROM agg.day_totals";

    @TempDir
    Path directory;

    @Test
    void aKilledThirtyDayRangeResumesToEveryDateOnce() throws Exception {
        Path warehouse = directory.resolve("w");
        assertThat(CliRun.run(directory, Map.of(), "init", warehouse.toString()).exitCode())
                .isEqualTo(0);
        CliRun created = CliRun.run(
                warehouse,
                Map.of(),
                "sql",
                "CREATE TABLE raw.events PARTITIONED BY (dt) AS SELECT range AS id, 'user' || (range % 53) AS"
                        + " username, DATE '2024-01-01' + CAST(range % 30 AS INTEGER) AS dt FROM range(60000)");
        assertThat(created.exitCode()).as(created.err()).isEqualTo(0);
        Path pipeline = warehouse.resolve("backfill.yaml");
        Files.writeString(pipeline, PIPELINE);

        Process run = new ProcessBuilder(javaCommand(warehouse, pipeline))
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("killed-run.log").toFile())
                .start();
        int publishedBeforeKill = awaitPublishedDates(warehouse, 8, run);
        run.destroyForcibly();
        assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(publishedBeforeKill).as("killed midway").isBetween(8, 29);

        CliRun resumed = resumeRange(warehouse);
        assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isEqualTo(0);
        assertThat(resumed.out()).endsWith("backfill: 30 dates, 120 step runs, 0 not succeeded\n");

        String expected = "days,rows,events,distinct_days\n30,30,60000,30\n";
        assertThat(sql(warehouse, TOTALS)).isEqualTo(expected);
        assertThat(sql(warehouse, "SELECT count(*) AS user_days, sum(events) AS events FROM agg.users_per_day"))
                .isEqualTo("user_days,events\n1590,60000\n");

        CliRun status = CliRun.run(warehouse, Map.of(), "pipeline", "status", "backfill", "--limit", "2");
        assertThat(status.out().lines().toList())
                .containsExactly(
                        "date        state      steps done  stopped at  error",
                        "----------  ---------  ----------  ----------  -----",
                        "2024-01-30  published  3/3",
                        "2024-01-29  published  3/3");

        CliRun again = resumeRange(warehouse);
        assertThat(again.exitCode()).isEqualTo(0);
        assertThat(again.out()).doesNotContain(" succeeded: ran").contains("2024-01-30 totals already done");
        assertThat(sql(warehouse, TOTALS)).isEqualTo(expected);
    }

    private static CliRun resumeRange(Path warehouse) {
        return CliRun.run(
                warehouse,
                Map.of(),
                "pipeline",
                "run",
                "backfill.yaml",
                "--from",
                "2024-01-01",
                "--to",
                "2024-01-30",
                "--resume");
    }

    private static String sql(Path warehouse, String query) {
        CliRun result = CliRun.run(warehouse, Map.of(), "sql", "--format", "csv", query);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        return result.out();
    }

    /** Waits until at least {@code count} dates are published (or the process ends); returns how many are. */
    private static int awaitPublishedDates(Path warehouse, int count, Process process) throws Exception {
        ControlDatabase database = new ControlDatabase(
                "jdbc:sqlite:" + warehouse.resolve("control.db"), Optional.empty(), Optional.empty());
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        int published = 0;
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            published = publishedDates(database);
            if (published >= count) {
                return published;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return published;
    }

    private static int publishedDates(ControlDatabase database) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM almanac_step_runs"
                        + " WHERE step_name = '(publish)' AND status = 'SUCCEEDED'")) {
            rows.next();
            return rows.getInt(1);
        } catch (java.sql.SQLException e) {
            return 0; // the table is created by the run's first migration
        }
    }

    private static List<String> javaCommand(Path warehouse, Path pipeline) {
        return CliProcess.command(
                "--warehouse",
                warehouse.toString(),
                "pipeline",
                "run",
                pipeline.toString(),
                "--from",
                "2024-01-01",
                "--to",
                "2024-01-30");
    }
}
