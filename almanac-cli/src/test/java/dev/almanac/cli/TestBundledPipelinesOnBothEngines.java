package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
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
        java.nio.file.Files.writeString(warehouse.resolve("mixed.yaml"), """
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

    private CliRun run(String... args) {
        return CliRun.run(directory, Map.of(), args);
    }

    private String query(Path warehouse, String engine, String sql) {
        CliRun result = run("--warehouse", warehouse.toString(), "sql", "--engine", engine, "--format", "csv", sql);
        assertThat(result.exitCode()).as(result.err()).isEqualTo(0);
        return result.out();
    }
}
