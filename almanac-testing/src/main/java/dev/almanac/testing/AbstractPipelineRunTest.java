package dev.almanac.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.core.control.Leases;
import dev.almanac.core.pipeline.Pipeline;
import dev.almanac.core.pipeline.PipelineParser;
import dev.almanac.core.pipeline.PipelineRunner;
import dev.almanac.core.pipeline.StepOutcome;
import dev.almanac.core.pipeline.StepOutcome.Result;
import dev.almanac.core.pipeline.StepRun;
import dev.almanac.core.warehouse.WarehouseConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pipeline runs: every (step, date) recorded, reruns idempotent, failed checks stop what follows. */
public abstract class AbstractPipelineRunTest {
    private static final String PIPELINE = """
            name: daily_users
            schedule: daily at 02:00
            params:
              min_score: 0
            steps:
              - name: users_per_day
                type: sql
                target: agg.users_per_day
                mode: partition
                sql: |
                  SELECT username, count(*) AS events, dt
                  FROM raw.events
                  WHERE dt = DATE '${dt}' AND score >= ${min_score}
                  GROUP BY username, dt
              - name: check_users
                type: check
                table: agg.users_per_day
                where: dt = DATE '${dt}'
                checks:
                  - not_null: [username]
                  - row_count: {min: %d}
              - name: totals
                type: sql
                depends_on: [check_users]
                target: agg.totals
                mode: append
                sql: SELECT DATE '${dt}' AS day, sum(events) AS events FROM agg.users_per_day WHERE dt = DATE '${dt}'
            """;

    @TempDir
    protected Path temporary;

    private TestingWarehouse warehouse;
    private final List<StepOutcome> heard = new ArrayList<>();

    protected abstract WarehouseConfig config(Path directory);

    @BeforeEach
    void createWarehouse() {
        Path directory = temporary.resolve("warehouse");
        warehouse = TestingWarehouse.create(directory, config(directory), "duckdb");
        warehouse.execute(
                "CREATE TABLE raw.events PARTITIONED BY (dt) AS SELECT range AS id, 'user' || (range % 7) AS username,"
                        + " DATE '2024-01-01' + CAST(range % 5 AS INTEGER) AS dt, range % 3 AS score FROM range(1000)");
    }

    @AfterEach
    void closeWarehouse() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    @Test
    void aRangeRunsEveryDateAndARerunChangesNothing() {
        List<LocalDate> dates = dates("2024-01-01", "2024-01-05");
        List<StepOutcome> first = runner().run(pipeline(1), dates, false);

        assertThat(steps(first)).hasSize(15).extracting(StepOutcome::result).containsOnly(Result.SUCCEEDED);
        assertThat(publications(first))
                .hasSize(5)
                .allSatisfy(publish -> assertThat(publish.message()).startsWith("published agg.users_per_day@"));
        List<List<Object>> perDay =
                warehouse.rows("SELECT dt, count(*), sum(events) FROM agg.users_per_day GROUP BY dt ORDER BY dt");
        assertThat(perDay).hasSize(5).allSatisfy(row -> assertThat(row.get(2)).isEqualTo(200L));
        assertThat(warehouse.count("agg.totals")).isEqualTo(5);

        List<StepOutcome> rerun = runner().run(pipeline(1), dates, true);
        assertThat(steps(rerun)).extracting(StepOutcome::result).containsOnly(Result.ALREADY_DONE);
        assertThat(publications(rerun)).extracting(StepOutcome::message).containsOnly("nothing to publish");
        List<StepOutcome> forced = runner().run(pipeline(1), List.of(LocalDate.parse("2024-01-03")), false);
        assertThat(forced)
                .extracting(StepOutcome::result)
                .containsExactly(Result.SUCCEEDED, Result.SUCCEEDED, Result.FAILED, Result.BLOCKED);
        assertThat(forced.get(3).message())
                .isEqualTo("production unchanged: totals did not succeed; staged writes are kept on branch"
                        + " audit-daily_users-2024-01-03 for --resume");
        assertThat(forced.get(2).message())
                .startsWith(
                        "Step totals already appended its rows for 2024-01-03; an append step does not run twice for a date");
        assertThat(warehouse.rows("SELECT dt, count(*), sum(events) FROM agg.users_per_day GROUP BY dt ORDER BY dt"))
                .isEqualTo(perDay);
        assertThat(warehouse.count("agg.totals")).isEqualTo(5);
        assertThat(heard).hasSize(20 + 20 + 4);
    }

    @Test
    void aFailingBlockingCheckLeavesProductionUnchangedAndResumeRunsOnlyWhatFailed() {
        runner().run(pipeline(1), List.of(LocalDate.parse("2024-01-01")), false);
        long published = currentSnapshot("agg.users_per_day");
        LocalDate day = LocalDate.parse("2024-01-02");
        List<StepOutcome> failed = runner().run(pipeline(1000), List.of(day), false);

        assertThat(failed)
                .extracting(StepOutcome::result)
                .containsExactly(Result.SUCCEEDED, Result.FAILED, Result.BLOCKED, Result.BLOCKED);
        assertThat(currentSnapshot("agg.users_per_day")).isEqualTo(published);
        assertThat(warehouse.rows("SELECT DISTINCT dt FROM agg.users_per_day"))
                .containsExactly(List.of(LocalDate.parse("2024-01-01")));
        assertThat(failed.get(1).message()).isEqualTo("row_count: 7 rows, expected at least 1000");
        assertThat(failed.get(2).message()).isEqualTo("not run: check_users did not succeed");
        StepRun recorded =
                runner().runs().find("daily_users", "check_users", day).orElseThrow();
        assertThat(recorded.status()).isEqualTo(StepRun.Status.FAILED);
        assertThat(recorded.error()).contains("row_count: 7 rows, expected at least 1000");

        List<StepOutcome> resumed = runner().run(pipeline(1), List.of(day), true);
        assertThat(resumed)
                .extracting(StepOutcome::result)
                .containsExactly(Result.ALREADY_DONE, Result.SUCCEEDED, Result.SUCCEEDED, Result.SUCCEEDED);
        assertThat(warehouse.rows("SELECT day, events FROM agg.totals ORDER BY day"))
                .containsExactly(
                        List.of(LocalDate.parse("2024-01-01"), 200L), List.of(LocalDate.parse("2024-01-02"), 200L));
        assertThat(warehouse.rows("SELECT count(*) FROM agg.users_per_day WHERE dt = DATE '2024-01-02'"))
                .containsExactly(List.of(7L));
        assertThat(currentSnapshot("agg.users_per_day")).isNotEqualTo(published);
    }

    @Test
    void aFailedCheckSaysWhichRowsFailed() {
        String pipeline = """
                name: null_names
                steps:
                  - name: names
                    type: sql
                    target: agg.names
                    mode: partition
                    sql: SELECT CASE WHEN id % 250 = 0 THEN NULL ELSE username END AS username, id, dt FROM raw.events WHERE dt = DATE '${dt}'
                  - name: check_names
                    type: check
                    table: agg.names
                    checks:
                      - not_null: [username]
                """;
        Pipeline parsed = PipelineParser.parse("null_names.yaml", pipeline, temporary);

        List<StepOutcome> outcomes = runner().run(parsed, List.of(LocalDate.parse("2024-01-01")), false);

        assertThat(outcomes.get(1).message())
                .isEqualTo("not_null [username]: 4 rows have nulls, e.g. {username=null, id=0, dt=2024-01-01}"
                        + " {username=null, id=250, dt=2024-01-01} {username=null, id=500, dt=2024-01-01}");
        assertThat(warehouse
                        .warehouse()
                        .catalog()
                        .loadTable(org.apache.iceberg.catalog.TableIdentifier.of("agg", "names"))
                        .currentSnapshot())
                .as("production holds no rows of the failed run")
                .isNull();
    }

    @Test
    void aPartitionStepReturningAnotherDateFails() {
        String pipeline = """
                name: wrong_day
                steps:
                  - name: daily
                    type: sql
                    target: agg.daily
                    mode: partition
                    sql: SELECT count(*) AS n, dt FROM raw.events WHERE dt <= DATE '${dt}' GROUP BY dt
                """;
        Pipeline parsed = PipelineParser.parse("wrong_day.yaml", pipeline, temporary);
        runner().run(parsed, List.of(LocalDate.parse("2024-01-01")), false);

        List<StepOutcome> outcome = runner().run(parsed, List.of(LocalDate.parse("2024-01-02")), false);

        assertThat(steps(outcome)).singleElement().satisfies(step -> {
            assertThat(step.result()).isEqualTo(Result.FAILED);
            assertThat(step.message())
                    .contains("step daily returned a row for dt 2024-01-01, outside the run date 2024-01-02");
        });
        assertThat(warehouse.rows("SELECT dt, n FROM agg.daily"))
                .containsExactly(List.of(LocalDate.parse("2024-01-01"), 200L));
    }

    @Test
    void aDateAnotherProcessIsRunningIsReportedBusy() {
        Leases leases = new Leases(warehouse.warehouse().controlDatabase(), Clock.systemUTC(), Duration.ofMinutes(5));
        try (Leases.Lease held = leases.tryAcquire("pipeline:daily_users:2024-01-04", "1@elsewhere/x")
                .orElseThrow()) {
            List<StepOutcome> outcomes = runner().run(pipeline(1), dates("2024-01-03", "2024-01-04"), false);

            assertThat(outcomes)
                    .extracting(StepOutcome::result)
                    .containsExactly(
                            Result.SUCCEEDED,
                            Result.SUCCEEDED,
                            Result.SUCCEEDED,
                            Result.SUCCEEDED,
                            Result.BUSY,
                            Result.BUSY,
                            Result.BUSY);
            assertThat(outcomes.get(4).message()).startsWith("daily_users is running for 2024-01-04 in 1@elsewhere/x");
            held.check();
        }
    }

    @Test
    void anExportStepWritesOneFileAndARerunReplacesIt() throws Exception {
        String pipeline = """
                name: export_days
                steps:
                  - name: export_day
                    type: export
                    query: SELECT username, count(*) AS events FROM raw.events WHERE dt = DATE '${dt}' GROUP BY 1 ORDER BY 1
                    format: csv
                    path: exports/users/dt=${dt}
                """;
        Pipeline parsed = PipelineParser.parse("export_days.yaml", pipeline, temporary);
        LocalDate day = LocalDate.parse("2024-01-02");
        runner().run(parsed, List.of(day), false);
        runner().run(parsed, List.of(day), false);

        Path folder = warehouse.warehouse().directory().resolve("exports/users/dt=2024-01-02");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString()).toList())
                    .containsExactly("part-0.csv");
        }
        List<String> lines = java.nio.file.Files.readAllLines(folder.resolve("part-0.csv"));
        assertThat(lines).hasSize(8).startsWith("username,events", "user0,28", "user1,29");
    }

    @Test
    void mergeUpsertsByKeyAndReplaceRewritesAPartitionedTable() {
        String pipeline = """
                name: dimensions
                steps:
                  - name: latest_score
                    type: sql
                    target: agg.latest_score
                    mode: merge
                    key: [username]
                    sql: SELECT username, max(score) AS score, max(dt) AS seen FROM raw.events WHERE dt = DATE '${dt}' AND id % 7 < CAST(substr('${dt}', 10, 1) AS INTEGER) GROUP BY username
                  - name: snapshot
                    type: sql
                    target: agg.day_snapshot
                    mode: replace
                    sql: SELECT username, count(*) AS events, dt FROM raw.events WHERE dt = DATE '${dt}' GROUP BY username, dt
                """;
        Pipeline parsed = PipelineParser.parse("dimensions.yaml", pipeline, temporary);

        runner().run(parsed, dates("2024-01-01", "2024-01-03"), false);

        // day 1 sees users 0 (id % 7 < 1), day 2 adds user 1, day 3 adds user 2; each upsert moves seen forward
        assertThat(warehouse.rows("SELECT username, seen FROM agg.latest_score ORDER BY username"))
                .containsExactly(
                        List.of("user0", LocalDate.parse("2024-01-03")),
                        List.of("user1", LocalDate.parse("2024-01-03")),
                        List.of("user2", LocalDate.parse("2024-01-03")));
        assertThat(warehouse.rows("SELECT DISTINCT dt FROM agg.day_snapshot"))
                .containsExactly(List.of(LocalDate.parse("2024-01-03")));
        assertThat(warehouse.rows("SELECT count(*) FROM agg.day_snapshot")).containsExactly(List.of(7L));
    }

    @Test
    void waitForPassesWhenTheOtherPipelinePublishedAndFailsOtherwise() {
        String waiting = """
                name: downstream
                steps:
                  - name: wait
                    type: wait-for
                    pipelines: [daily_users]
                    poll: 1s
                    timeout: 2s
                """;
        Pipeline parsed = PipelineParser.parse("downstream.yaml", waiting, temporary);
        LocalDate day = LocalDate.parse("2024-01-02");

        List<StepOutcome> early = runner().run(parsed, List.of(day), false);
        assertThat(early.get(0).result()).isEqualTo(Result.FAILED);
        assertThat(early.get(0).message())
                .isEqualTo("Step wait gave up waiting for daily_users to publish 2024-01-02 after PT2S");

        runner().run(pipeline(1000), List.of(day), false);
        List<StepOutcome> afterFailure = runner().run(parsed, List.of(day), false);
        assertThat(afterFailure.get(0).message())
                .isEqualTo("Step wait: the run of daily_users for 2024-01-02 did not publish (see `almanac pipeline"
                        + " history daily_users`)");
        Pipeline tolerant = PipelineParser.parse(
                "downstream.yaml", waiting.replace("poll: 1s", "poll: 1s\n    ok_to_fail: [daily_users]"), temporary);
        assertThat(runner().run(tolerant, List.of(day), false).get(0).message())
                .isEqualTo("published: daily_users (failed, allowed to: daily_users)");

        runner().run(pipeline(1), List.of(day), true);
        List<StepOutcome> published = runner().run(parsed, List.of(day), false);
        assertThat(published.get(0).result()).isEqualTo(Result.SUCCEEDED);
        assertThat(published.get(0).message()).isEqualTo("published: daily_users");
    }

    @Test
    void aJavaStepFoundThroughServiceLoaderWritesThroughTheStagedSession() {
        String pipeline = """
                name: custom
                steps:
                  - name: total
                    type: java
                    class: dev.almanac.testing.steps.DailyTotalStep
                    options: {table: raw.events, target: agg.custom_totals}
                  - name: missing
                    type: java
                    class: org.example.NoSuchStep
                """;
        Pipeline parsed = PipelineParser.parse("custom.yaml", pipeline, temporary);

        List<StepOutcome> outcomes = runner().run(parsed, List.of(LocalDate.parse("2024-01-04")), false);

        assertThat(outcomes.get(0).result()).isEqualTo(Result.SUCCEEDED);
        assertThat(outcomes.get(0).message()).isEqualTo("counted 200 rows of raw.events");
        assertThat(outcomes.get(1).message())
                .startsWith("Step missing names class org.example.NoSuchStep, which is not a"
                        + " dev.almanac.spi.step.PipelineStep on the classpath");
        assertThat(outcomes.get(2).result()).isEqualTo(Result.BLOCKED);
        assertThat(warehouse
                        .warehouse()
                        .catalog()
                        .loadTable(org.apache.iceberg.catalog.TableIdentifier.parse("agg.custom_totals"))
                        .currentSnapshot())
                .as("a failed step keeps the Java step's write staged")
                .isNull();
    }

    @Test
    void extractFromADatabaseAndExportToOne() throws Exception {
        Path source = temporary.resolve("app.db");
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + source);
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE courses (id INTEGER PRIMARY KEY, title TEXT, opened DATE)");
            statement.execute("INSERT INTO courses VALUES (1, 'Circuits', '2024-01-01'), (2, 'Poetry', '2024-01-02')");
        }
        Path target = temporary.resolve("reports.db");
        String pipeline = """
                name: round_trip
                steps:
                  - name: courses
                    type: extract-jdbc
                    url: jdbc:sqlite:%s
                    table: courses
                    target: raw.courses
                    mode: replace
                  - name: course_report
                    type: export
                    depends_on: [courses]
                    query: SELECT id, upper(title) AS title, opened FROM raw.courses ORDER BY id
                    jdbc:
                      url: jdbc:sqlite:%s
                      table: course_report
                      mode: replace
                """.formatted(source, target);
        Pipeline parsed = PipelineParser.parse("round_trip.yaml", pipeline, temporary);

        runner().run(parsed, List.of(LocalDate.parse("2024-01-02")), false);
        List<StepOutcome> again = runner().run(parsed, List.of(LocalDate.parse("2024-01-03")), false);

        assertThat(again).extracting(StepOutcome::result).containsOnly(Result.SUCCEEDED);
        assertThat(warehouse.rows("SELECT id, title FROM raw.courses ORDER BY id"))
                .containsExactly(List.of(1L, "Circuits"), List.of(2L, "Poetry"));
        List<String> exported = new ArrayList<>();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + target);
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT id, title, opened FROM course_report")) {
            while (rows.next()) {
                exported.add(rows.getLong(1) + " " + rows.getString(2) + " " + rows.getString(3));
            }
        }
        assertThat(exported).containsExactly("1 CIRCUITS 2024-01-01", "2 POETRY 2024-01-02");
    }

    @Test
    void theSchedulerCatchesUpMissedDatesOldestFirstAndThenWaits() {
        Clock clock = Clock.fixed(java.time.Instant.parse("2024-01-04T03:00:00Z"), java.time.ZoneOffset.UTC);
        PipelineRunner runner =
                new PipelineRunner(warehouse.warehouse(), warehouse.session(), "tester", clock, Map.of(), heard::add);
        List<String> log = new ArrayList<>();
        dev.almanac.core.pipeline.Scheduler scheduler =
                new dev.almanac.core.pipeline.Scheduler(runner, clock, 3, Duration.ofHours(1), log::add);
        Pipeline unscheduled = PipelineParser.parse(
                "by_hand.yaml", "name: by_hand\nsteps:\n  - name: s\n    type: sql\n    sql: SELECT 1\n", temporary);

        assertThat(scheduler.due(List.of(pipeline(1), unscheduled)))
                .extracting(due -> due.pipeline().name() + " " + due.date() + " " + due.firedAt())
                .containsExactly(
                        "daily_users 2024-01-01 2024-01-02T02:00:00Z",
                        "daily_users 2024-01-02 2024-01-03T02:00:00Z",
                        "daily_users 2024-01-03 2024-01-04T02:00:00Z");
        assertThat(scheduler.runDue(List.of(pipeline(1), unscheduled))).isEqualTo(3);
        assertThat(log)
                .containsExactly(
                        "daily_users 2024-01-01: published (due at 2024-01-02T02:00:00Z)",
                        "daily_users 2024-01-02: published (due at 2024-01-03T02:00:00Z)",
                        "daily_users 2024-01-03: published (due at 2024-01-04T02:00:00Z)");
        assertThat(warehouse.count("agg.totals")).isEqualTo(3);
        assertThat(scheduler.runDue(List.of(pipeline(1)))).isZero();

        Clock nextDay = Clock.offset(clock, Duration.ofDays(1));
        PipelineRunner nextRunner =
                new PipelineRunner(warehouse.warehouse(), warehouse.session(), "tester", nextDay, Map.of(), heard::add);
        Pipeline strict = pipeline(1000);
        dev.almanac.core.pipeline.Scheduler fresh =
                new dev.almanac.core.pipeline.Scheduler(nextRunner, nextDay, 3, Duration.ofHours(1), log::add);
        assertThat(fresh.runDue(List.of(strict))).isEqualTo(1);
        assertThat(log.get(3))
                .isEqualTo("daily_users 2024-01-04: not published, check_users failed: row_count: 7 rows, expected at"
                        + " least 1000 (tried again after PT1H)");
        assertThat(fresh.runDue(List.of(strict)))
                .as("a failed date waits for --retry-after")
                .isZero();
    }

    @Test
    void aStepPastItsTimeoutIsCancelledAndFails() {
        String pipeline = """
                name: slow
                steps:
                  - name: forever
                    type: sql
                    target: agg.forever
                    mode: replace
                    timeout: 1s
                    sql: SELECT count(*) AS n FROM range(1000000000000) AS a(x) WHERE x % 7 = 3
                """;
        Pipeline parsed = PipelineParser.parse("slow.yaml", pipeline, temporary);

        List<StepOutcome> outcomes = runner().run(parsed, List.of(LocalDate.parse("2024-01-01")), false);

        assertThat(outcomes.get(0).result()).isEqualTo(Result.FAILED);
        assertThat(outcomes.get(0).message())
                .isEqualTo("Step forever ran longer than its timeout of PT1S and was cancelled (slow.yaml:3:5)");
        assertThat(warehouse.rows("SELECT count(*) FROM raw.events")).containsExactly(List.of(1000L));
    }

    @Test
    void aStepOnAnEngineTheRunLacksFailsClearly() {
        String pipeline = """
                name: elsewhere
                steps:
                  - name: remote
                    type: sql
                    engine: elsewhere
                    sql: SELECT 1
                """;
        Pipeline parsed = PipelineParser.parse("elsewhere.yaml", pipeline, temporary);

        List<StepOutcome> outcomes = runner().run(parsed, List.of(LocalDate.parse("2024-01-01")), false);

        assertThat(outcomes.get(0).result()).isEqualTo(Result.FAILED);
        assertThat(outcomes.get(0).message())
                .isEqualTo("A step asks for engine elsewhere, but this run has only duckdb (elsewhere.yaml:3:5)");
    }

    private long currentSnapshot(String table) {
        return warehouse
                .warehouse()
                .catalog()
                .loadTable(org.apache.iceberg.catalog.TableIdentifier.parse(table))
                .currentSnapshot()
                .snapshotId();
    }

    private static List<StepOutcome> steps(List<StepOutcome> outcomes) {
        return outcomes.stream()
                .filter(outcome -> !outcome.step().equals(PipelineRunner.PUBLISH))
                .toList();
    }

    private static List<StepOutcome> publications(List<StepOutcome> outcomes) {
        return outcomes.stream()
                .filter(outcome -> outcome.step().equals(PipelineRunner.PUBLISH))
                .toList();
    }

    private Pipeline pipeline(int minimumRows) {
        return PipelineParser.parse("daily_users.yaml", PIPELINE.formatted(minimumRows), temporary);
    }

    private PipelineRunner runner() {
        return new PipelineRunner(
                warehouse.warehouse(), warehouse.session(), "tester", Clock.systemUTC(), Map.of(), heard::add);
    }

    private static List<LocalDate> dates(String from, String to) {
        return LocalDate.parse(from).datesUntil(LocalDate.parse(to).plusDays(1)).toList();
    }
}
