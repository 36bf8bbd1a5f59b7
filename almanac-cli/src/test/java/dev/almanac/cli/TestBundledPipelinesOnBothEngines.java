package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled pipelines give the same rows on Spark as on DuckDB, over the same tables: the demo runs
 * them on DuckDB, a rerun of one date on Spark replaces that day, and DuckDB then reads exactly the
 * rows it had written itself; Spark reads what DuckDB wrote for the other day.
 */
class TestBundledPipelinesOnBothEngines {
    private static final String PERSON_COURSE_DAY = "SELECT username, course_id, nevents, nplay_video, nproblem_check,"
            + " nshow_answer, nseq_goto, nseek_video, npause_video, ntranscript, nforum, nprogress,"
            + " CAST(first_event AS STRING) AS first_event, CAST(last_event AS STRING) AS last_event, n_dt, sum_dt,"
            + " round(avg_dt, 6) AS avg_dt, round(sdv_dt, 6) AS sdv_dt, max_dt FROM edx.person_course_day"
            + " WHERE dt = '%s' ORDER BY username, course_id";
    private static final String USER_EXERCISE_SUMMARY = "SELECT user, exercise, time_taken, correct, wrong,"
            + " proficient FROM khan.user_exercise_summary WHERE dt = '%s' ORDER BY user, exercise";

    @TempDir
    Path directory;

    @Test
    void sparkWritesTheRowsDuckDbWroteAndEachReadsTheOther() {
        Path demo = directory.resolve("demo");
        CliRun built = run("demo", demo.toString(), "--days", "2", "--events-per-day", "2000");
        assertThat(built.exitCode()).as(built.out() + built.err()).isEqualTo(0);
        String edxByDuckDb = query(demo, "duckdb", PERSON_COURSE_DAY.formatted("2024-01-01"));
        String khanByDuckDb = query(demo, "duckdb", USER_EXERCISE_SUMMARY.formatted("2024-01-01"));
        assertThat(edxByDuckDb.lines().count()).isGreaterThan(50);
        assertThat(khanByDuckDb.lines().count()).isGreaterThan(50);

        for (String pipeline : new String[] {"edx_person_course_day", "khan_user_exercise_summary"}) {
            CliRun onSpark = run(
                    "--warehouse",
                    demo.toString(),
                    "pipeline",
                    "run",
                    pipeline,
                    "--engine",
                    "spark",
                    "--date",
                    "2024-01-01");
            assertThat(onSpark.exitCode()).as(onSpark.out() + onSpark.err()).isEqualTo(0);
            assertThat(onSpark.out()).contains("2024-01-01 (publish) succeeded: published ");
        }

        assertThat(query(demo, "duckdb", PERSON_COURSE_DAY.formatted("2024-01-01")))
                .isEqualTo(edxByDuckDb);
        assertThat(query(demo, "duckdb", USER_EXERCISE_SUMMARY.formatted("2024-01-01")))
                .isEqualTo(khanByDuckDb);
        assertThat(query(demo, "spark", USER_EXERCISE_SUMMARY.formatted("2024-01-02")))
                .isEqualTo(query(demo, "duckdb", USER_EXERCISE_SUMMARY.formatted("2024-01-02")));
    }

    @Test
    void aStepCanRunOnSparkBetweenDuckDbStepsAndAllPublishTogether() throws Exception {
        Path warehouse = directory.resolve("w");
        assertThat(run("init", warehouse.toString()).exitCode()).isEqualTo(0);
        Files.writeString(warehouse.resolve("mixed.yaml"), """
                name: mixed
                steps:
                  - name: days
                    type: sql
                    target: agg.days
                    mode: partition
                    sql: SELECT r.id AS id, DATE '${dt}' AS dt FROM range(10) AS r(id)
                  - name: on_spark
                    type: sql
                    engine: spark
                    target: agg.day_sums
                    mode: partition
                    sql: SELECT sum(id) AS total, count(*) AS n, dt FROM agg.days WHERE dt = DATE '${dt}' GROUP BY dt
                  - name: check_sums
                    type: check
                    table: agg.day_sums
                    checks:
                      - row_count: {min: 1, max: 1}
                """);

        CliRun mixed = run(
                "--warehouse",
                warehouse.toString(),
                "pipeline",
                "run",
                warehouse.resolve("mixed.yaml").toString(),
                "--date",
                "2024-03-01");

        assertThat(mixed.exitCode()).as(mixed.out() + mixed.err()).isEqualTo(0);
        assertThat(mixed.out()).contains("2024-03-01 (publish) succeeded: published agg.days@");
        assertThat(query(warehouse, "duckdb", "SELECT total, n, CAST(dt AS STRING) AS dt FROM agg.day_sums"))
                .isEqualTo("total,n,dt\n45,10,2024-03-01\n");
    }

    @Test
    void windowStatesKeptByOneEngineAreContinuedByTheOtherAndSparkReadsTheirSketches() throws IOException {
        Path demo = directory.resolve("demo");
        CliRun built = run("demo", demo.toString(), "--days", "2", "--events-per-day", "2000");
        assertThat(built.exitCode()).as(built.out() + built.err()).isEqualTo(0);

        // DuckDB kept the states of 2024-01-01..02; Spark adds the 3rd day, then DuckDB the 4th
        continueWindows(demo, "2024-01-03", "spark", 3);
        continueWindows(demo, "2024-01-04", "duckdb", 4);

        List<String[]> sparkEstimates = csvRows(query(
                demo,
                "spark",
                "SELECT course_id, CAST(round(hll_sketch_estimate(hll_union_agg(learners))) AS BIGINT) AS estimate"
                        + " FROM agg.course_learners_since_launch__daily GROUP BY course_id ORDER BY course_id"));
        List<String[]> learners = csvRows(query(
                demo, "duckdb", "SELECT course_id, learners FROM agg.course_learners_since_launch ORDER BY course_id"));
        assertThat(sparkEstimates).hasSize(5);
        for (int i = 0; i < learners.size(); i++) {
            long approximate = Long.parseLong(learners.get(i)[1]);
            assertThat(sparkEstimates.get(i)[0]).isEqualTo(learners.get(i)[0]);
            // Spark's own HLL functions union the sketches kept per day to the estimate Almanac gives
            assertThat((double) Long.parseLong(sparkEstimates.get(i)[1]))
                    .isCloseTo(approximate, within(approximate * 0.01));
        }
    }

    /**
     * Lands one more day of tracking logs, runs the window pipeline for it on {@code engine} and checks
     * the outputs against the source; {@code days} is how many days the since-launch window then spans.
     */
    private void continueWindows(Path demo, String date, String engine, int days) throws IOException {
        Path day = directory.resolve("generated-" + date);
        CliRun generated = run(
                "generate",
                "edx",
                "--out",
                day.toString(),
                "--start",
                date,
                "--days",
                "1",
                "--events-per-day",
                "2000",
                "--courses",
                "5",
                "--users",
                "2000",
                "--seed",
                String.valueOf(date.hashCode()));
        assertThat(generated.exitCode()).as(generated.out() + generated.err()).isEqualTo(0);
        try (Stream<Path> logs = Files.list(day.resolve("tracking"))) {
            for (Path log : logs.toList()) {
                Files.copy(log, demo.resolve("incoming/edx/tracking").resolve(log.getFileName()));
            }
        }
        // landed by an ingest step in a run on the engine: landing always uses the embedded engine
        Path land = demo.resolve("land.yaml");
        Files.writeString(land, """
                name: land
                steps:
                  - name: ingest_tracking
                    type: ingest
                    sources: [tracking]
                """);
        CliRun ingested = run(
                "--warehouse", demo.toString(), "pipeline", "run", land.toString(), "--engine", engine, "--date", date);
        assertThat(ingested.exitCode()).as(ingested.out() + ingested.err()).isEqualTo(0);
        assertThat(ingested.out()).containsPattern("ingest_tracking succeeded: tracking: 1 files, [1-9][0-9]* rows");

        CliRun windows = run(
                "--warehouse",
                demo.toString(),
                "pipeline",
                "run",
                "learner_activity_windows",
                "--engine",
                engine,
                "--date",
                date);

        assertThat(windows.exitCode()).as(windows.out() + windows.err()).isEqualTo(0);
        // the new day is computed (and the day before it too, when the new file held late events of it);
        // the days the other engine computed are reused
        Matcher plan = Pattern.compile("agg\\.course_learners_since_launch over 2024-01-01\\.\\." + date
                        + ": (\\d+) days computed, (\\d+) reused")
                .matcher(windows.out());
        assertThat(plan.find()).as(windows.out()).isTrue();
        assertThat(Integer.parseInt(plan.group(1))).isBetween(1, 2);
        assertThat(Integer.parseInt(plan.group(1)) + Integer.parseInt(plan.group(2)))
                .isEqualTo(days);
        assertThat(query(
                        demo,
                        "duckdb",
                        "SELECT username, events, problem_events, active_days FROM agg.learner_activity_7d"
                                + " ORDER BY username"))
                .isEqualTo(query(
                        demo,
                        "duckdb",
                        "SELECT username, count(*) AS events, count_if(event_type LIKE 'problem%') AS problem_events,"
                                + " count(DISTINCT dt) AS active_days FROM raw.tracking_log WHERE username IS NOT NULL"
                                + " AND username <> '' AND dt <= DATE '" + date
                                + "' GROUP BY username ORDER BY username"));
        for (String[] course : csvRows(
                query(
                        demo,
                        "duckdb",
                        "SELECT course_id, learners, exact_learners FROM agg.course_learners_since_launch ORDER BY course_id"))) {
            long exact = Long.parseLong(course[2]);
            assertThat((double) Long.parseLong(course[1])).as(course[0]).isCloseTo(exact, within(exact * 0.05));
        }
        assertThat(query(
                        demo,
                        "duckdb",
                        "SELECT course_id, exact_learners FROM agg.course_learners_since_launch ORDER BY course_id"))
                .isEqualTo(query(
                        demo,
                        "duckdb",
                        "SELECT course_id, count(DISTINCT username) AS exact_learners FROM raw.tracking_log"
                                + " WHERE course_id IS NOT NULL AND username IS NOT NULL AND username <> ''"
                                + " AND dt <= DATE '" + date + "' GROUP BY course_id ORDER BY course_id"));
    }

    private static List<String[]> csvRows(String csv) {
        return csv.lines().skip(1).map(line -> line.split(",")).toList();
    }

    private CliRun run(String... args) {
        return CliRun.run(directory, Map.of(), args);
    }

    private String query(Path warehouse, String engine, String sql) {
        CliRun result = run("--warehouse", warehouse.toString(), "sql", "--engine", engine, "--format", "csv", sql);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        return result.out();
    }
}
