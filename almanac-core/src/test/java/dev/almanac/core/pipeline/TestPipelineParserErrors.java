package dev.almanac.core.pipeline;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPipelineParserErrors {
    private static final String HEAD = "name: errors\nsteps:\n";

    @TempDir
    Path directory;

    @Test
    void unknownTopLevelKey() {
        assertFails(
                "name: a\nschedul: hourly\nsteps: []\n",
                "Unknown key 'schedul'; expected one of description, engine, name, params, schedule, search_path, steps (pipeline.yaml:2:1)");
    }

    @Test
    void unknownStepKeyListsTheKeysOfItsType() {
        assertFails(
                HEAD + "  - name: a\n    type: ingest\n    sources: [tracking]\n    target: raw.x\n",
                "Unknown key 'target'; expected one of depends_on, description, engine, name, retries, sources, timeout, type"
                        + " (pipeline.yaml:6:5)");
    }

    @Test
    void duplicateKey() {
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    sql: SELECT 2\n",
                "Duplicate key 'sql' (pipeline.yaml:6:5)");
    }

    @Test
    void missingName() {
        assertFails("steps: []\n", "A pipeline needs a 'name', e.g. name: daily_course_activity (pipeline.yaml:1:1)");
        assertFails(
                HEAD + "  - type: sql\n    sql: SELECT 1\n",
                "A step needs a 'name', e.g. name: course_activity (pipeline.yaml:3:5)");
    }

    @Test
    void badNames() {
        assertFails(
                "name: Daily-Activity\nsteps: []\n",
                "Pipeline name 'Daily-Activity' must be lower case letters, digits and _, starting with a letter"
                        + " (e.g. daily_course_activity) (pipeline.yaml:1:7)");
        assertFails(
                HEAD + "  - name: 1st\n    type: sql\n    sql: SELECT 1\n",
                "Step name '1st' must be lower case letters, digits and _, starting with a letter (e.g. daily_course_activity)"
                        + " (pipeline.yaml:3:11)");
    }

    @Test
    void missingOrEmptySteps() {
        assertFails("name: a\n", "Pipeline 'a' has no 'steps': list at least one step (pipeline.yaml:1:1)");
        assertFails("name: a\nsteps: []\n", "Pipeline 'a' has no steps: list at least one (pipeline.yaml:2:8)");
        assertFails("name: a\nsteps: daily\n", "Expected a list for 'steps' (pipeline.yaml:2:8)");
        assertFails(HEAD + "  - daily\n", "Expected a mapping for a step (pipeline.yaml:3:5)");
    }

    @Test
    void missingType() {
        assertFails(
                HEAD + "  - name: a\n    sql: SELECT 1\n",
                "Step 'a' needs a 'type', one of sql, ingest, extract-jdbc, export, check, wait-for, java, window-aggregate (pipeline.yaml:3:5)");
    }

    @Test
    void unknownStepType() {
        assertFails(
                HEAD + "  - name: a\n    type: spark-sql\n",
                "Unknown step type 'spark-sql' for step 'a'; expected one of sql, ingest, extract-jdbc, export, check,"
                        + " wait-for, java, window-aggregate (pipeline.yaml:4:11)");
    }

    @Test
    void duplicateStepName() {
        assertFails(
                HEAD + "  - {name: a, type: sql, sql: SELECT 1}\n  - {name: a, type: sql, sql: SELECT 2}\n",
                "Two steps are named 'a': give each step its own name (pipeline.yaml:4:5)");
    }

    @Test
    void wrongValueTypes() {
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: [SELECT 1]\n",
                "Expected a single value for 'sql' (pipeline.yaml:5:10)");
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    depends_on: {b: c}\n",
                "Expected a list for 'depends_on' (pipeline.yaml:6:17)");
        assertFails("name: a\nparams: [x]\nsteps: []\n", "Expected a mapping for 'params' (pipeline.yaml:2:9)");
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    retries: many\n",
                "Invalid retry count 'many': expected a whole number from 0 to 100 (pipeline.yaml:6:14)");
        assertFails(
                HEAD + "  - name: a\n    type: check\n    table: agg.t\n    checks:\n      - row_count: {min: -1}\n",
                "Invalid row_count min '-1': expected a whole number of at least 0 (pipeline.yaml:7:26)");
    }

    @Test
    void badDurations() {
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    timeout: 5 minutes\n",
                "Invalid duration '5 minutes' for 'timeout': write a whole number followed by s, m, h or d, e.g. 30s, 5m"
                        + " or 2h (pipeline.yaml:6:14)");
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    timeout: 0s\n",
                "The 'timeout' must be longer than 0, e.g. 30m (pipeline.yaml:6:14)");
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    retries: {count: 2, backoff: 1.5m}\n",
                "Invalid duration '1.5m' for 'backoff': write a whole number followed by s, m, h or d, e.g. 30s, 5m"
                        + " or 2h (pipeline.yaml:6:34)");
    }

    @Test
    void badRetries() {
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    retries: {backoff: 1m}\n",
                "Missing key 'count': how many times to retry, e.g. retries: {count: 3, backoff: 1m} (pipeline.yaml:6:14)");
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    retries: {count: 2, multiplier: 0.5}\n",
                "Invalid multiplier '0.5': expected a number from 1 (the same wait before every retry) to 100, e.g. 2 to"
                        + " double the wait each time (pipeline.yaml:6:37)");
    }

    @Test
    void badSchedules() {
        assertFails(
                "name: a\nschedule: daily at 25:00\nsteps: []\n",
                "Invalid schedule 'daily at 25:00': write daily at HH:MM with a UTC time from 00:00 to 23:59, e.g. daily"
                        + " at 02:30 (pipeline.yaml:2:11)");
        assertFails(
                "name: a\nschedule: weekly\nsteps: []\n",
                "Invalid schedule 'weekly': expected hourly, daily at HH:MM (UTC), none, or a cron expression (minute hour"
                        + " day-of-month month day-of-week), e.g. 30 2 * * 1-5 (pipeline.yaml:2:11)");
        assertFails(
                "name: a\nschedule: 30 2 * *\nsteps: []\n",
                "Invalid cron expression '30 2 * *': it has 4 fields; a cron expression has five fields: minute hour"
                        + " day-of-month month day-of-week, e.g. 30 2 * * * (pipeline.yaml:2:11)");
        assertFails(
                "name: a\nschedule: 60 2 * * *\nsteps: []\n",
                "Invalid cron expression '60 2 * * *': the minute 60 is out of range 0-59 (pipeline.yaml:2:11)");
        assertFails(
                "name: a\nschedule: \"0 0 30 FEB *\"\nsteps: []\n",
                "Invalid cron expression '0 0 30 FEB *': it never fires: none of its months has any of its days of the"
                        + " month (pipeline.yaml:2:11)");
    }

    @Test
    void badModes() {
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    target: agg.t\n    mode: upsert\n",
                "Unknown mode 'upsert' for step 'a'; expected one of replace, partition, append, merge (pipeline.yaml:7:11)");
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    target: agg.t\n",
                "Step 'a' writes agg.t but has no 'mode': add one of replace, partition, append, merge, e.g. mode:"
                        + " partition (pipeline.yaml:6:13)");
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    mode: append\n",
                "Step 'a' has a 'mode' but no 'target' table to write (pipeline.yaml:6:11)");
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    target: agg.t\n    mode: merge\n",
                "Step 'a' merges into agg.t: list the key columns that identify a row, e.g. key: [course_id, dt]"
                        + " (pipeline.yaml:7:11)");
        assertFails(
                HEAD
                        + "  - name: a\n    type: sql\n    sql: SELECT 1\n    target: agg.t\n    mode: append\n    key: [id]\n",
                "Step 'a' has a 'key' but mode append: key columns apply to mode merge only (pipeline.yaml:8:10)");
    }

    @Test
    void badTableName() {
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    target: course_activity\n    mode: append\n",
                "Invalid table name 'course_activity' for 'target': write namespace.table, e.g. agg.course_activity_daily"
                        + " (pipeline.yaml:6:13)");
    }

    @Test
    void sqlOrScript() throws IOException {
        assertFails(
                HEAD + "  - name: a\n    type: sql\n",
                "Step 'a' of type sql needs 'sql' (the statement) or 'script' (a file, relative to the pipeline file's"
                        + " folder) (pipeline.yaml:3:5)");
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT 1\n    script: a.sql\n",
                "Step 'a' has both 'sql' and 'script': keep one (pipeline.yaml:6:13)");
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: \"  \"\n",
                "Step 'a' has an empty 'sql' (pipeline.yaml:5:10)");
        Files.writeString(directory.resolve("empty.sql"), "\n");
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    script: empty.sql\n",
                "Script 'empty.sql' of step 'a' is empty (pipeline.yaml:5:13)");
    }

    @Test
    void missingScript() {
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    script: sql/missing.sql\n",
                "Script 'sql/missing.sql' of step 'a' not found: there is no file "
                        + directory.resolve("sql/missing.sql")
                        + " (a script path is relative to the pipeline file's folder) (pipeline.yaml:5:13)");
    }

    @Test
    void targetAndWritingStatement() {
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    target: agg.t\n    mode: replace\n"
                        + "    sql: INSERT INTO agg.u SELECT 1\n",
                "Step 'a' has a 'target' and its SQL writes agg.u itself: remove 'target' and 'mode', or make the SQL a"
                        + " query (SELECT …) (pipeline.yaml:5:13)");
    }

    @Test
    void unknownPlaceholderInline() {
        assertFails(
                HEAD + "  - name: a\n    type: sql\n    sql: SELECT * FROM raw.t WHERE dt = '${day}'\n",
                "Step 'a' uses ${day}, which is not a parameter: declare it under params (e.g. params: {day: value}) or use"
                        + " ${dt}, ${start} or ${end} (pipeline.yaml:5:10)");
    }

    @Test
    void unknownPlaceholderInBlockIsLocatedExactly() {
        assertFails(
                "name: a\nparams:\n  region: eu\nsteps:\n  - name: a\n    type: sql\n    sql: |\n"
                        + "      SELECT *\n      FROM raw.t\n      WHERE region = '${region}' AND dt = '${date}'\n",
                "Step 'a' uses ${date}, which is not a parameter: declare it under params (e.g. params: {date: value}) or use"
                        + " ${dt}, ${start} or ${end} (pipeline.yaml:10:44)");
    }

    @Test
    void unknownPlaceholderInScriptIsLocatedInTheScript() throws IOException {
        Files.createDirectories(directory.resolve("sql"));
        Files.writeString(
                directory.resolve("sql/a.sql"), "SELECT *\nFROM raw.t\nWHERE dt = '${dt}' AND x = ${limit}\n");

        assertThatThrownBy(() -> PipelineParser.parse(
                        "pipelines/p.yaml", HEAD + "  - name: a\n    type: sql\n    script: sql/a.sql\n", directory))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Step 'a' uses ${limit}, which is not a parameter: declare it under params (e.g. params:"
                        + " {limit: value}) or use ${dt}, ${start} or ${end} (pipelines/sql/a.sql:3:28)");
    }

    @Test
    void invalidPlaceholder() {
        assertFails(
                HEAD + "  - name: a\n    type: export\n    table: agg.t\n    format: csv\n    path: out/${the day}\n",
                "Step 'a' has an invalid placeholder ${the day}: a name starts with a letter or _ and has only letters,"
                        + " digits, _, . and -, e.g. ${dt} (pipeline.yaml:7:11)");
    }

    @Test
    void badParams() {
        assertFails(
                "name: a\nparams:\n  dt: 2024-01-01\nsteps: []\n",
                "Parameter 'dt' is set by each run (${dt}, ${start} and ${end} are the run's dates): give the parameter"
                        + " another name (pipeline.yaml:3:7)");
        assertFails(
                "name: a\nparams:\n  min events: 1\nsteps: []\n",
                "Invalid parameter name 'min events': a name starts with a letter or _ and has only letters, digits, _,"
                        + " . and - (pipeline.yaml:3:15)");
    }

    @Test
    void checks() {
        assertFails(
                HEAD + "  - name: a\n    type: check\n    checks:\n      - not_null: [id]\n",
                "Check not_null of step 'a' needs the step's 'table', e.g. table: agg.course_activity_daily (pipeline.yaml:6:9)");
        assertFails(
                HEAD + "  - name: a\n    type: check\n    table: agg.t\n    checks:\n      - not-null: [id]\n",
                "Unknown key 'not-null'; expected one of accepted_values, compare_counts, not_null, primary_key, row_count,"
                        + " sql, unique (pipeline.yaml:7:9)");
        assertFails(
                HEAD
                        + "  - name: a\n    type: check\n    table: agg.t\n    checks:\n      - {not_null: [id], unique: [id]}\n",
                "A check is one key naming its kind, e.g. - not_null: [course_id]; write each check as its own list item"
                        + " (pipeline.yaml:7:9)");
        assertFails(
                HEAD
                        + "  - name: a\n    type: check\n    table: agg.t\n    checks:\n      - row_count: {min: 5, max: 1}\n",
                "Check row_count of step 'a' has min 5 above max 1 (pipeline.yaml:7:20)");
        assertFails(
                HEAD
                        + "  - name: a\n    type: check\n    table: agg.t\n    severity: fatal\n    checks: [{unique: [id]}]\n",
                "Unknown severity 'fatal' for step 'a'; expected error (a failed check fails the step, the default) or warn"
                        + " (pipeline.yaml:6:15)");
        assertFails(
                HEAD
                        + "  - name: a\n    type: check\n    checks:\n      - compare_counts: {left: SELECT 1, right: SELECT 2,"
                        + " tolerance: a lot}\n",
                "Invalid tolerance 'a lot' for step 'a': write a percentage of the left count, e.g. tolerance: 0.5%"
                        + " (pipeline.yaml:6:70)");
        assertFails(
                HEAD + "  - name: a\n    type: check\n    where: dt = '${dt}'\n    checks: [{sql: SELECT 1}]\n",
                "Step 'a' has a 'where' but no 'table' to filter (pipeline.yaml:5:12)");
    }

    @Test
    void waitFor() {
        assertFails(
                HEAD + "  - name: a\n    type: wait-for\n    pipelines: [b]\n",
                "Step 'a' of type wait-for needs a 'timeout', how long to wait at most, e.g. timeout: 2h (pipeline.yaml:3:5)");
        assertFails(
                HEAD + "  - name: a\n    type: wait-for\n    timeout: 1h\n    pipelines: [b]\n    ok_to_fail: [c]\n",
                "Step 'a' lists 'c' in ok_to_fail but not in pipelines: add it there, or remove it here (pipeline.yaml:7:18)");
        assertFails(
                HEAD + "  - name: a\n    type: wait-for\n    timeout: 1h\n",
                "Step 'a' of type wait-for needs 'pipelines', e.g. pipelines: [ingest_tracking] (pipeline.yaml:3:5)");
    }

    @Test
    void exports() {
        assertFails(
                HEAD + "  - name: a\n    type: export\n    table: agg.t\n",
                "Step 'a' of type export needs a destination: 'format' and 'path' for files, or 'jdbc' for a table of"
                        + " another database (pipeline.yaml:3:5)");
        assertFails(
                HEAD + "  - name: a\n    type: export\n    table: agg.t\n    format: xlsx\n    path: out\n",
                "Unknown export format 'xlsx' for step 'a'; expected one of csv, json, parquet (pipeline.yaml:6:13)");
        assertFails(
                HEAD
                        + "  - name: a\n    type: export\n    table: agg.t\n    query: SELECT 1\n    format: csv\n    path: out\n",
                "Step 'a' of type export needs one of 'table' (a warehouse table) and 'query' (whose rows are exported)"
                        + " (pipeline.yaml:6:12)");
        assertFails(
                HEAD
                        + "  - name: a\n    type: export\n    table: agg.t\n    jdbc: {url: jdbc:sqlite:r.db, table: t, mode: merge}\n",
                "Unknown mode 'merge' for the database export of step 'a'; expected replace or append (pipeline.yaml:6:51)");
        assertFails(
                HEAD
                        + "  - name: a\n    type: export\n    table: agg.t\n    jdbc: {url: postgres://r/db, table: t, mode: append}\n",
                "Invalid JDBC URL 'postgres://r/db' for step 'a': it starts with jdbc:, e.g. jdbc:postgresql://lms.example.org/lms"
                        + " (pipeline.yaml:6:17)");
    }

    @Test
    void javaAndIngest() {
        assertFails(
                HEAD + "  - name: a\n    type: java\n    class: org.example.Not A Class\n",
                "Invalid class name 'org.example.Not A Class' for step 'a': write the class's binary name, e.g."
                        + " org.example.almanac.RefreshSearchIndex (pipeline.yaml:5:12)");
        assertFails(
                HEAD + "  - name: a\n    type: ingest\n    sources: []\n",
                "Empty list for 'sources': give at least one value (pipeline.yaml:5:14)");
        assertFails(
                HEAD + "  - name: a\n    type: extract-jdbc\n    url: jdbc:sqlite:lms.db\n    table: enrollment\n",
                "Step 'a' of type extract-jdbc needs a 'target' table, e.g. target: raw.enrollments (pipeline.yaml:3:5)");
    }

    @Test
    void duplicateDependency() {
        assertFails(
                HEAD + "  - {name: a, type: sql, sql: SELECT 1}\n  - name: b\n    type: sql\n    sql: SELECT 2\n"
                        + "    depends_on: [a, a]\n",
                "Step 'b' lists 'a' twice in depends_on (pipeline.yaml:7:21)");
    }

    @Test
    void missingFile() {
        Path file = directory.resolve("missing.yaml");

        assertThatThrownBy(() -> PipelineParser.parse(file, "missing.yaml"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Pipeline file missing.yaml not found");
    }

    private void assertFails(String yaml, String message) {
        assertThatThrownBy(() -> PipelineParser.parse("pipeline.yaml", yaml, directory))
                .isInstanceOf(AlmanacException.class)
                .hasMessage(message)
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
    }
}
