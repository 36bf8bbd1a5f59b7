package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestAlmanacCli {
    private static final String THIRTY_DAYS = "CREATE TABLE raw.t PARTITIONED BY (dt) AS SELECT range AS id,"
            + " DATE '2024-01-01' + CAST(range % 30 AS INTEGER) AS dt FROM range(30000)";

    @TempDir
    Path directory;

    private Path warehouse;

    @BeforeEach
    void init() {
        warehouse = directory.resolve("w");
        CliRun init = run("init", warehouse.toString());
        assertThat(init.exitCode()).isEqualTo(0);
        assertThat(init.out()).startsWith("Created warehouse " + warehouse);
    }

    @Test
    void initCreatesTheWarehouseFilesAndRefusesToOverwrite() {
        assertThat(warehouse.resolve("almanac.yaml")).isRegularFile();
        assertThat(warehouse.resolve("control.db")).isRegularFile();
        assertThat(warehouse.resolve("data")).isDirectory();

        CliRun again = run("init", warehouse.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err())
                .isEqualTo("error: A warehouse already exists at " + warehouse + " (almanac.yaml is there)\n");
    }

    @Test
    void warehouseIsFoundByOptionThenEnvironmentThenWorkingDirectory() {
        assertThat(CliRun.run(directory, Map.of("ALMANAC_HOME", warehouse.toString()), "tables")
                        .exitCode())
                .isEqualTo(0);
        assertThat(CliRun.run(warehouse, Map.of(), "tables").out()).startsWith("No tables yet.");

        CliRun missing = CliRun.run(directory, Map.of(), "tables");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .isEqualTo("error: No warehouse at " + directory + " (from the current directory): it has"
                        + " no almanac.yaml. Create one with `almanac init DIR`, or point to one with --warehouse DIR or"
                        + " ALMANAC_HOME.\n");
    }

    @Test
    void unknownTableExitsTwoAndNamesIt() {
        CliRun run = sql("SELECT * FROM raw.nope");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: Table raw.nope does not exist; run `almanac tables` to list tables\n");
    }

    @Test
    void anUnknownColumnIsOneLineNamingItAndTheColumnsThereAre() {
        sql(THIRTY_DAYS);
        CliRun run = sql("SELECT nope FROM raw.t");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "error: Binder Error: Referenced column \"nope\" not found in FROM clause! Candidate bindings:"
                                + " \"dt\"\n");
    }

    @Test
    void syntaxErrorsAndBadFlagsExitTwo() {
        CliRun syntax = sql("SELEC 1");
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(syntax.err()).isEqualTo("error: Parser Error: syntax error at or near \"SELEC\"\n");

        CliRun flag = run("--warehouse", warehouse.toString(), "sql", "--bogus", "SELECT 1");
        assertThat(flag.exitCode()).isEqualTo(2);
        assertThat(flag.err()).startsWith("Unknown option: '--bogus'");

        CliRun parquet = run("--warehouse", warehouse.toString(), "sql", "--format", "parquet", "SELECT 1");
        assertThat(parquet.exitCode()).isEqualTo(2);
        assertThat(parquet.err()).isEqualTo("error: --format parquet needs --output FILE\n");
    }

    @Test
    void statsShowPruningToOneDay() {
        assertThat(sql(THIRTY_DAYS).out()).startsWith("create-table raw.t: 30,000 rows, 30 files");

        CliRun oneDay = run(
                "--warehouse",
                warehouse.toString(),
                "sql",
                "--stats",
                "SELECT count(*) AS n FROM raw.t WHERE dt = '2024-01-02'");
        assertThat(oneDay.exitCode()).isEqualTo(0);
        assertThat(oneDay.out()).isEqualTo("n\n1000\n");
        assertThat(oneDay.err()).contains(": read 1 of 30 files").contains("files_read=1 ");
    }

    @Test
    void describeShowsPartitionsAndTheProvenanceOfEachSnapshot() {
        sql(THIRTY_DAYS);
        CliRun overwrite = sql("INSERT OVERWRITE TABLE raw.t PARTITION (dt='2024-01-05') SELECT 7");
        assertThat(overwrite.exitCode()).isEqualTo(0);
        assertThat(overwrite.out()).startsWith("overwrite-partition raw.t: 1 rows, 1 files");

        CliRun describe = run("--warehouse", warehouse.toString(), "describe", "raw.t");
        assertThat(describe.exitCode()).isEqualTo(0);
        assertThat(describe.out())
                .contains("rows: 29,001, files: 30")
                .containsPattern("dt=2024-01-05\\s+1\\s+1\\s")
                .containsPattern("dt=2024-01-06\\s+1,000\\s+1\\s")
                .contains("overwrite-partition by ")
                .contains("sql: INSERT OVERWRITE TABLE raw.t PARTITION (dt='2024-01-05') SELECT 7")
                .contains("create-table-as-select by ");
        assertThat(describe.out().indexOf("overwrite-partition by"))
                .isLessThan(describe.out().indexOf("create-table-as-select by"));
    }

    @Test
    void describeFallsBackToTheSnapshotSummaryWhenTheControlDatabaseMissesAProvenanceRow() throws Exception {
        sql(THIRTY_DAYS);
        try (java.sql.Connection connection =
                        java.sql.DriverManager.getConnection("jdbc:sqlite:" + warehouse.resolve("control.db"));
                java.sql.Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM almanac_provenance");
        }
        CliRun describe = run("--warehouse", warehouse.toString(), "describe", "raw.t");
        assertThat(describe.out())
                .contains("create-table-as-select by ")
                .contains(": 30000 rows, 30 files, ")
                .contains("(from the snapshot summary)")
                .contains("sql: " + THIRTY_DAYS);
    }

    @Test
    void formatsAndOutputFiles() throws Exception {
        sql(THIRTY_DAYS);
        String query = "SELECT dt, count(*) AS n FROM raw.t WHERE dt < '2024-01-03' GROUP BY dt ORDER BY dt";
        assertThat(run("--warehouse", warehouse.toString(), "sql", "--format", "json", query)
                        .out())
                .isEqualTo("{\"dt\":\"2024-01-01\",\"n\":1000}\n{\"dt\":\"2024-01-02\",\"n\":1000}\n");
        assertThat(run("--warehouse", warehouse.toString(), "sql", "--format", "table", query)
                        .out())
                .isEqualTo("dt         | n\n-----------+-----\n2024-01-01 | 1000\n2024-01-02 | 1000\n(2 rows)\n");

        Path parquet = directory.resolve("out.parquet");
        CliRun export = run(
                "--warehouse",
                warehouse.toString(),
                "sql",
                "--format",
                "parquet",
                "--output",
                parquet.toString(),
                query);
        assertThat(export.exitCode()).isEqualTo(0);
        assertThat(Files.size(parquet)).isPositive();
        assertThat(sql("SELECT sum(n) FROM read_parquet('" + parquet + "')").out())
                .isEqualTo("sum(n)\n2000\n");
    }

    @Test
    void parametersComeFromFlags() {
        sql(THIRTY_DAYS);
        CliRun run = run(
                "--warehouse",
                warehouse.toString(),
                "sql",
                "--param",
                "day=2024-01-09",
                "SELECT count(*) AS n FROM raw.t WHERE dt = '${day}'");
        assertThat(run.out()).isEqualTo("n\n1000\n");
        CliRun missing = sql("SELECT '${day}'");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("error: The SQL uses ${day}, which has no value: pass --param day=VALUE\n");
    }

    @Test
    void demoLandsGeneratedDataAndARerunFindsNothingNew() {
        Path demo = directory.resolve("demo");
        CliRun first = run("demo", demo.toString(), "--days", "2", "--events-per-day", "2000");
        assertThat(first.exitCode()).isEqualTo(0);
        assertThat(first.out())
                .contains("Generated ")
                .contains("tracking: 2 files, 4,000 rows")
                .contains("khan: 48 files")
                .contains("Running pipeline edx_person_course_day over ")
                .contains("Running pipeline khan_user_exercise_summary over 2 days")
                .doesNotContain("failed:")
                .contains("Running pipeline learner_activity_windows over ")
                .contains("Results: the pipelines wrote edx.person_course_day, khan.user_exercise_summary and the"
                        + " windows")
                .contains("Try next:");
        // the Khan Academy query, run as written by the bundled pipeline, equals the same aggregation in plain SQL
        String plain = "SELECT json_extract_string(json, '$.user') AS user, json_extract_string(json, '$.exercise') AS"
                + " exercise, CAST(sum(CAST(json_extract_string(json, '$.time_taken') AS DOUBLE)) AS BIGINT) AS"
                + " time_taken, sum(CASE WHEN json_extract_string(json, '$.correct') = 'true' THEN 1 ELSE 0 END) AS"
                + " correct, sum(CASE WHEN json_extract_string(json, '$.correct') <> 'true' THEN 1 ELSE 0 END) AS"
                + " wrong, bool_or(coalesce(json_extract_string(json, '$.earned_proficiency') = 'true', false)) AS"
                + " proficient, dt FROM raw.problemlog GROUP BY 1, 2, dt";
        String summary =
                "SELECT user, exercise, time_taken, correct, wrong, proficient, dt FROM khan.user_exercise_summary";
        CliRun compared = CliRun.run(
                directory,
                Map.of(),
                "--warehouse",
                demo.toString(),
                "sql",
                "SELECT (SELECT count(*) FROM (" + summary + " EXCEPT " + plain + ") AS extra) AS extra,"
                        + " (SELECT count(*) FROM (" + plain + " EXCEPT " + summary + ") AS missing) AS missing,"
                        + " (SELECT count(*) FROM khan.user_exercise_summary) > 100 AS many");
        assertThat(compared.out()).as(compared.err()).isEqualTo("extra,missing,many\n0,0,true\n");

        CliRun second = run("demo", demo.toString(), "--days", "2", "--events-per-day", "2000");
        assertThat(second.exitCode()).isEqualTo(0);
        assertThat(second.out())
                .contains("Reusing the data generated earlier")
                .contains("tracking: 0 files, 0 rows")
                .contains("khan: 0 files, 0 rows")
                .contains("  0 step runs now, 6 done earlier, 0 not succeeded");
        CliRun count = CliRun.run(
                directory,
                Map.of(),
                "--warehouse",
                demo.toString(),
                "sql",
                "SELECT count(*) AS n FROM raw.tracking_log");
        assertThat(count.out()).isEqualTo("n\n4000\n");
    }

    @Test
    void theBundledPipelineValidatesAndDrawsItsGraph() {
        Path example = Path.of("..", "pipelines", "examples", "daily_course_activity.yaml")
                .toAbsolutePath()
                .normalize();
        CliRun validate = run("pipeline", "validate", example.toString());
        assertThat(validate.exitCode()).isEqualTo(0);
        assertThat(validate.out()).isEqualTo("ok: daily_course_activity (4 steps)\n");
        CliRun graph = run("pipeline", "graph", example.toString(), "--format", "dot");
        assertThat(graph.exitCode()).isEqualTo(0);
        assertThat(graph.out())
                .startsWith("digraph")
                .contains("course_activity")
                .contains("agg.course_activity_daily");
        CliRun missing = run("--warehouse", warehouse.toString(), "pipeline", "run", example.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .isEqualTo("error: Give --date DATE, or --from DATE --to DATE with --to not before --from\n");
    }

    @Test
    void bundledPipelinesAreFoundByName() {
        CliRun validate = run("pipeline", "validate", "edx_person_course_day", "khan_user_exercise_summary");
        assertThat(validate.out())
                .as(validate.err())
                .isEqualTo("ok: edx_person_course_day (3 steps)\nok: khan_user_exercise_summary (3 steps)\n");
        CliRun graph = run("pipeline", "graph", "khan_user_exercise_summary");
        assertThat(graph.out()).contains("ingest_problem_logs").contains("khan.user_exercise_summary");
        CliRun unknown = run("pipeline", "validate", "no_such_pipeline");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .isEqualTo("error: No pipeline file or pipeline named 'no_such_pipeline': give a YAML file, a name of a"
                        + " file in the warehouse's pipelines folder, or a bundled pipeline (edx_person_course_day,"
                        + " khan_user_exercise_summary, learner_activity_windows)\n");
    }

    @Test
    void scheduleOnceRunsTheMissedDaysOfTheWarehousePipelines() throws Exception {
        CliRun none = run("--warehouse", warehouse.toString(), "schedule", "--once");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).startsWith("error: No scheduled pipelines: put pipeline files with a 'schedule' in ");
        java.nio.file.Files.createDirectories(warehouse.resolve("pipelines"));
        java.nio.file.Files.writeString(
                warehouse.resolve("pipelines/heartbeat.yaml"),
                "name: heartbeat\nschedule: daily at 00:00\nsteps:\n  - name: beat\n    type: sql\n"
                        + "    target: agg.heartbeat\n    mode: partition\n"
                        + "    sql: SELECT DATE '${dt}' AS dt, 1 AS beats\n");

        CliRun first = run("--warehouse", warehouse.toString(), "schedule", "--once", "--catch-up-days", "3");

        assertThat(first.exitCode()).as(first.err()).isEqualTo(0);
        assertThat(first.out())
                .startsWith("Scheduling 1 pipelines: heartbeat (daily at 00:00)\n")
                .endsWith("3 runs.\n");
        assertThat(first.out().lines().filter(line -> line.contains(": published (due at ")))
                .hasSize(3);
        assertThat(sql("SELECT count(DISTINCT dt) AS days FROM agg.heartbeat").out())
                .isEqualTo("days\n3\n");
        CliRun second = run("--warehouse", warehouse.toString(), "schedule", "--once", "--catch-up-days", "3");
        assertThat(second.out()).endsWith("Nothing due.\n");
    }

    @Test
    void validateWithAWarehouseRejectsAnUnknownTableWithItsLocation() throws Exception {
        Path file = directory.resolve("typo.yaml");
        java.nio.file.Files.writeString(
                file,
                "name: typo\nsteps:\n  - name: daily\n    type: sql\n    target: agg.daily\n    mode: partition\n"
                        + "    sql: SELECT dt, count(*) AS n FROM raw.trackinglog WHERE dt = DATE '${dt}' GROUP BY dt\n");

        CliRun without = run("pipeline", "validate", file.toString());
        CliRun with = run("--warehouse", warehouse.toString(), "pipeline", "validate", file.toString());

        assertThat(without.out()).isEqualTo("ok: typo (1 step)\n");
        assertThat(with.exitCode()).isEqualTo(2);
        assertThat(with.err())
                .isEqualTo("error: Step 'daily' reads raw.trackinglog, which no step of typo writes and the warehouse"
                        + " does not have (" + file + ":3:5)\n");
        assertThat(sql("CREATE TABLE raw.trackinglog AS SELECT DATE '2024-01-01' AS dt")
                        .exitCode())
                .isEqualTo(0);
        assertThat(run("--warehouse", warehouse.toString(), "pipeline", "validate", file.toString())
                        .out())
                .isEqualTo("ok: typo (1 step; tables checked against " + warehouse + ")\n");
    }

    @Test
    void duckDbSettingsInTheConfigurationReachEverySession() throws Exception {
        Path config = warehouse.resolve("almanac.yaml");
        Files.writeString(config, Files.readString(config) + "duckdb:\n  memory_limit: 3GiB\n");

        CliRun settings =
                sql("SELECT current_setting('memory_limit') AS m, current_setting('block_allocator_memory') AS b");

        assertThat(settings.exitCode()).isEqualTo(0);
        assertThat(settings.out()).contains("3.0 GiB,3.0 GiB");

        Files.writeString(config, Files.readString(config) + "  no_such_setting: \"1\"\n");
        CliRun refused = sql("SELECT 1");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).startsWith("error: DuckDB refused the setting no_such_setting = '1': ");
    }

    private CliRun sql(String statement) {
        return run("--warehouse", warehouse.toString(), "sql", statement);
    }

    private CliRun run(String... args) {
        return CliRun.run(directory, Map.of(), args);
    }
}
