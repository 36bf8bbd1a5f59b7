package dev.almanac.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.core.catalog.TableName;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPipelineParser {
    private static final String FILE = "learning.yaml";
    private static final String EVERY_STEP_TYPE = """
            name: learning_daily
            description: Every kind of step
            schedule: hourly
            params:
              min_events: 10
              region: eu
            engine: duckdb
            steps:
              - name: ingest_tracking
                type: ingest
                sources: [tracking, surveys]
                retries: 2
                timeout: 1h
              - name: extract_enrollments
                type: extract-jdbc
                description: Enrollments changed since the run's start
                url: jdbc:postgresql://lms.example.org/lms
                user: reader
                password_env: LMS_PASSWORD
                query: SELECT * FROM enrollment WHERE updated_at >= '${start}'
                target: raw.enrollments
                mode: merge
                key: [id]
              - name: sessions
                type: sql
                depends_on: [ingest_tracking]
                script: sql/sessions.sql
                engine: spark
              - name: course_activity
                type: sql
                depends_on: ingest_tracking
                target: agg.course_activity_daily
                mode: partition
                retries: {count: 3, backoff: 1m, multiplier: 1.5}
                sql: |
                  SELECT course_id, dt, count(*) AS events
                  FROM raw.tracking_log
                  WHERE dt = DATE '${dt}'
                  GROUP BY course_id, dt
                  HAVING count(*) >= ${min_events}
              - name: check_activity
                type: check
                table: agg.course_activity_daily
                where: dt = DATE '${dt}'
                severity: warn
                checks:
                  - row_count: {min: 1, max: 100000}
                  - not_null: [course_id, dt]
                  - unique: [course_id, dt]
                  - primary_key: [course_id, dt]
                  - accepted_values: {column: region, values: [eu, us]}
                  - compare_counts:
                      left: SELECT count(*) FROM raw.tracking_log WHERE dt = DATE '${dt}'
                      right: SELECT sum(events) FROM agg.course_activity_daily WHERE dt = DATE '${dt}'
                      tolerance: 0.5%
                  - sql: SELECT * FROM agg.course_activity_daily WHERE events < 0
              - name: wait_for_surveys
                type: wait-for
                pipelines: [survey_ingest, khan_ingest]
                ok_to_fail: [khan_ingest]
                poll: 5m
                timeout: 2h
              - name: export_activity
                type: export
                depends_on: [check_activity, wait_for_surveys]
                query: SELECT * FROM agg.course_activity_daily WHERE dt = DATE '${dt}'
                format: parquet
                path: exports/activity/dt=${dt}
              - name: publish_activity
                type: export
                depends_on: [check_activity]
                table: agg.course_activity_daily
                jdbc:
                  url: jdbc:postgresql://reports.example.org/reports
                  user: writer
                  password_env: REPORTS_PASSWORD
                  table: public.course_activity
                  mode: replace
              - name: refresh_search
                type: java
                class: org.example.almanac.RefreshSearchIndex
                depends_on: [publish_activity]
                options:
                  index: courses
                  batch: 500
            """;
    private static final String SESSIONS_SQL = """
            -- sessions per learner and day
            INSERT OVERWRITE TABLE agg.sessions PARTITION (dt = '${dt}')
            SELECT username, count(*) AS events FROM raw.tracking_log WHERE dt = DATE '${dt}' GROUP BY username
            """;

    @TempDir
    Path directory;

    @Test
    void parsesEveryStepType() throws IOException {
        Files.createDirectories(directory.resolve("sql"));
        Files.writeString(directory.resolve("sql/sessions.sql"), SESSIONS_SQL);

        Pipeline pipeline = PipelineParser.parse(FILE, EVERY_STEP_TYPE, directory);

        assertThat(pipeline.name()).isEqualTo("learning_daily");
        assertThat(pipeline.description()).isEqualTo("Every kind of step");
        assertThat(pipeline.schedule()).isEqualTo(Schedule.hourly());
        assertThat(pipeline.params()).containsExactly(Map.entry("min_events", "10"), Map.entry("region", "eu"));
        assertThat(pipeline.defaultEngine()).contains("duckdb");
        assertThat(pipeline.location()).isEqualTo(at(1, 1));
        assertThat(pipeline.steps())
                .extracting(Step::name)
                .containsExactly(
                        "ingest_tracking",
                        "extract_enrollments",
                        "sessions",
                        "course_activity",
                        "check_activity",
                        "wait_for_surveys",
                        "export_activity",
                        "publish_activity",
                        "refresh_search");
        assertThat(pipeline.steps())
                .extracting(Step::type)
                .containsExactly(
                        StepType.INGEST,
                        StepType.EXTRACT_JDBC,
                        StepType.SQL,
                        StepType.SQL,
                        StepType.CHECK,
                        StepType.WAIT_FOR,
                        StepType.EXPORT,
                        StepType.EXPORT,
                        StepType.JAVA);

        assertThat(pipeline.steps().get(0))
                .isEqualTo(new Step(
                        "ingest_tracking",
                        new IngestStep(List.of("tracking", "surveys")),
                        List.of(),
                        new Retry(2, Duration.ofSeconds(30), 2.0),
                        Optional.of(Duration.ofHours(1)),
                        Optional.empty(),
                        "",
                        at(9, 5)));
        assertThat(pipeline.steps().get(1))
                .isEqualTo(new Step(
                        "extract_enrollments",
                        new ExtractJdbcStep(
                                new JdbcConnection(
                                        "jdbc:postgresql://lms.example.org/lms",
                                        Optional.of("reader"),
                                        Optional.of("LMS_PASSWORD")),
                                Optional.empty(),
                                Optional.of("SELECT * FROM enrollment WHERE updated_at >= '${start}'"),
                                new TableWrite(table("raw.enrollments"), WriteMode.MERGE, List.of("id"))),
                        List.of(),
                        Retry.none(),
                        Optional.empty(),
                        Optional.empty(),
                        "Enrollments changed since the run's start",
                        at(14, 5)));
        assertThat(pipeline.steps().get(2))
                .isEqualTo(new Step(
                        "sessions",
                        new SqlStep(SESSIONS_SQL, Optional.of("sql/sessions.sql"), Optional.empty()),
                        List.of(new StepReference("ingest_tracking", at(26, 18))),
                        Retry.none(),
                        Optional.empty(),
                        Optional.of("spark"),
                        "",
                        at(24, 5)));
        assertThat(pipeline.steps().get(3))
                .isEqualTo(new Step(
                        "course_activity",
                        new SqlStep(
                                """
                        SELECT course_id, dt, count(*) AS events
                        FROM raw.tracking_log
                        WHERE dt = DATE '${dt}'
                        GROUP BY course_id, dt
                        HAVING count(*) >= ${min_events}
                        """,
                                Optional.empty(),
                                Optional.of(TableWrite.of(table("agg.course_activity_daily"), WriteMode.PARTITION))),
                        List.of(new StepReference("ingest_tracking", at(31, 17))),
                        new Retry(3, Duration.ofMinutes(1), 1.5),
                        Optional.empty(),
                        Optional.empty(),
                        "",
                        at(29, 5)));
        assertThat(pipeline.steps().get(4))
                .isEqualTo(new Step(
                        "check_activity",
                        new CheckStep(
                                Optional.of(table("agg.course_activity_daily")),
                                Optional.of("dt = DATE '${dt}'"),
                                List.of(
                                        new Check.RowCount(OptionalLong.of(1), OptionalLong.of(100_000)),
                                        new Check.NotNull(List.of("course_id", "dt")),
                                        new Check.Unique(List.of("course_id", "dt")),
                                        new Check.PrimaryKey(List.of("course_id", "dt")),
                                        new Check.AcceptedValues("region", List.of("eu", "us")),
                                        new Check.CompareCounts(
                                                "SELECT count(*) FROM raw.tracking_log WHERE dt = DATE '${dt}'",
                                                "SELECT sum(events) FROM agg.course_activity_daily WHERE dt = DATE '${dt}'",
                                                new BigDecimal("0.5")),
                                        new Check.FailingRows(
                                                "SELECT * FROM agg.course_activity_daily WHERE events < 0")),
                                false),
                        List.of(),
                        Retry.none(),
                        Optional.empty(),
                        Optional.empty(),
                        "",
                        at(41, 5)));
        assertThat(pipeline.steps().get(5))
                .isEqualTo(new Step(
                        "wait_for_surveys",
                        new WaitForStep(
                                List.of("survey_ingest", "khan_ingest"), List.of("khan_ingest"), Duration.ofMinutes(5)),
                        List.of(),
                        Retry.none(),
                        Optional.of(Duration.ofHours(2)),
                        Optional.empty(),
                        "",
                        at(57, 5)));
        assertThat(pipeline.steps().get(6))
                .isEqualTo(new Step(
                        "export_activity",
                        new ExportStep(
                                Optional.empty(),
                                Optional.of("SELECT * FROM agg.course_activity_daily WHERE dt = DATE '${dt}'"),
                                new ExportStep.Files(ExportFormat.PARQUET, "exports/activity/dt=${dt}")),
                        List.of(
                                new StepReference("check_activity", at(65, 18)),
                                new StepReference("wait_for_surveys", at(65, 34))),
                        Retry.none(),
                        Optional.empty(),
                        Optional.empty(),
                        "",
                        at(63, 5)));
        assertThat(pipeline.steps().get(7).settings())
                .isEqualTo(new ExportStep(
                        Optional.of(table("agg.course_activity_daily")),
                        Optional.empty(),
                        new ExportStep.JdbcTable(
                                new JdbcConnection(
                                        "jdbc:postgresql://reports.example.org/reports",
                                        Optional.of("writer"),
                                        Optional.of("REPORTS_PASSWORD")),
                                "public.course_activity",
                                WriteMode.REPLACE)));
        Map<String, String> options = new LinkedHashMap<>();
        options.put("index", "courses");
        options.put("batch", "500");
        assertThat(pipeline.steps().get(8).settings())
                .isEqualTo(new JavaStep("org.example.almanac.RefreshSearchIndex", options));
        assertThat(pipeline.steps().get(8).dependsOnNames()).containsExactly("publish_activity");
    }

    @Test
    void parsesAFile() throws IOException {
        Path file = directory.resolve("pipelines/daily.yaml");
        Files.createDirectories(file.resolveSibling("sql"));
        Files.writeString(file.resolveSibling("sql/sessions.sql"), SESSIONS_SQL);
        Files.writeString(file, EVERY_STEP_TYPE);

        Pipeline pipeline = PipelineParser.parse(file, "pipelines/daily.yaml");

        assertThat(pipeline.location()).isEqualTo(new SourceLocation("pipelines/daily.yaml", 1, 1));
        assertThat(((SqlStep) pipeline.step("sessions").orElseThrow().settings()).sql())
                .isEqualTo(SESSIONS_SQL);
        assertThat(pipeline.step("missing")).isEmpty();
    }

    @Test
    void defaults() {
        Pipeline pipeline = PipelineParser.parse(FILE, """
                name: minimal
                steps:
                  - name: only
                    type: sql
                    sql: SELECT 1
                """, directory);

        assertThat(pipeline.description()).isEmpty();
        assertThat(pipeline.schedule()).isEqualTo(Schedule.none());
        assertThat(pipeline.params()).isEmpty();
        assertThat(pipeline.defaultEngine()).isEmpty();
        Step step = pipeline.steps().get(0);
        assertThat(step.dependsOn()).isEmpty();
        assertThat(step.retry()).isEqualTo(new Retry(0, Duration.ofSeconds(30), 2.0));
        assertThat(step.timeout()).isEmpty();
        assertThat(step.engine()).isEmpty();
        assertThat(step.description()).isEmpty();
        assertThat(step.settings()).isEqualTo(new SqlStep("SELECT 1", Optional.empty(), Optional.empty()));
    }

    @Test
    void checkDefaultsToBlocking() {
        Pipeline pipeline = PipelineParser.parse(FILE, """
                name: checks
                steps:
                  - name: counts
                    type: check
                    checks:
                      - compare_counts: {left: SELECT 1, right: SELECT 1}
                """, directory);

        assertThat(pipeline.steps().get(0).settings())
                .isEqualTo(new CheckStep(
                        Optional.empty(),
                        Optional.empty(),
                        List.of(new Check.CompareCounts("SELECT 1", "SELECT 1", BigDecimal.ZERO)),
                        true));
    }

    @Test
    void schedules() {
        assertThat(scheduleOf("daily at 02:30")).isEqualTo(Schedule.dailyAt(java.time.LocalTime.of(2, 30)));
        assertThat(scheduleOf("daily at 2:05").text()).isEqualTo("daily at 02:05");
        assertThat(scheduleOf("hourly")).isEqualTo(Schedule.hourly());
        assertThat(scheduleOf("none")).isEqualTo(Schedule.none());
        assertThat(scheduleOf("\"*/15  9-17 * * MON-FRI\"")).isEqualTo(Schedule.cron("*/15 9-17 * * MON-FRI"));
    }

    @Test
    void retriesWithDefaults() {
        Pipeline pipeline = PipelineParser.parse(FILE, """
                name: retries
                steps:
                  - name: only
                    type: sql
                    sql: SELECT 1
                    retries: {count: 4}
                """, directory);

        Retry retry = pipeline.steps().get(0).retry();
        assertThat(retry).isEqualTo(Retry.times(4));
        assertThat(retry.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(retry.backoff(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(retry.backoff(4)).isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void bundledExample() {
        Path file = Path.of("..", "pipelines", "examples", "daily_course_activity.yaml");

        Pipeline pipeline = PipelineParser.parse(file, "daily_course_activity.yaml");
        PipelineGraph graph = PipelineGraph.of(pipeline);

        assertThat(pipeline.name()).isEqualTo("daily_course_activity");
        assertThat(pipeline.schedule()).isEqualTo(Schedule.dailyAt(java.time.LocalTime.of(2, 30)));
        assertThat(pipeline.params()).containsExactly(Map.entry("min_events", "1"));
        assertThat(graph.order())
                .extracting(Step::name)
                .containsExactly(
                        "ingest_tracking", "course_activity", "check_course_activity", "export_course_activity");
        SqlStep activity =
                (SqlStep) pipeline.step("course_activity").orElseThrow().settings();
        assertThat(activity.target()).contains(TableWrite.of(table("agg.course_activity_daily"), WriteMode.PARTITION));
        assertThat(TableReferences.extract(activity.sql()).read()).containsExactly(table("raw.tracking_log"));
        CheckStep check =
                (CheckStep) pipeline.step("check_course_activity").orElseThrow().settings();
        assertThat(check.checks())
                .contains(
                        new Check.NotNull(List.of("course_id")),
                        new Check.RowCount(OptionalLong.of(1), OptionalLong.empty()));
        assertThat(graph.edges())
                .containsExactly(
                        new PipelineGraph.Edge("ingest_tracking", "course_activity", true, List.of()),
                        new PipelineGraph.Edge(
                                "course_activity",
                                "check_course_activity",
                                false,
                                List.of(table("agg.course_activity_daily"))),
                        new PipelineGraph.Edge(
                                "course_activity",
                                "export_course_activity",
                                false,
                                List.of(table("agg.course_activity_daily"))),
                        new PipelineGraph.Edge("check_course_activity", "export_course_activity", true, List.of()));
    }

    private Schedule scheduleOf(String schedule) {
        return PipelineParser.parse(
                        FILE,
                        "name: s\nschedule: " + schedule + "\nsteps:\n  - {name: a, type: sql, sql: SELECT 1}\n",
                        directory)
                .schedule();
    }

    private static SourceLocation at(int line, int column) {
        return new SourceLocation(FILE, line, column);
    }

    private static TableName table(String name) {
        return TableName.parse(name);
    }
}
