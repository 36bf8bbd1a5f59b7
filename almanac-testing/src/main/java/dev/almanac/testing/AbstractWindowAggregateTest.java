package dev.almanac.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.engine.Engines;
import dev.almanac.core.pipeline.Pipeline;
import dev.almanac.core.pipeline.PipelineParser;
import dev.almanac.core.pipeline.PipelineRunner;
import dev.almanac.core.pipeline.StepOutcome;
import dev.almanac.core.table.LocalPaths;
import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.core.window.Aggregate;
import dev.almanac.core.window.AggregatePlan;
import dev.almanac.core.window.Window;
import dev.almanac.core.window.WindowAggregate;
import dev.almanac.core.window.WindowAggregateRunner;
import dev.almanac.core.window.WindowReport;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.testing.window.LongestStreak;
import dev.almanac.testing.window.SessionCount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Window aggregates: the incremental output (partial states per day, adjusted or folded) always
 * equals a full recompute from the source rows, through late data, restated and removed partitions,
 * skipped days and reruns.
 */
public abstract class AbstractWindowAggregateTest {
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 3, 1);
    private static final String COLUMNS = "username, page, v, w, time, dt";
    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @TempDir
    protected Path temporary;

    private TestingWarehouse warehouse;
    private WindowAggregateRunner runner;
    private int clockSeconds;

    protected abstract WarehouseConfig config(Path directory);

    /** The engine session the warehouse under test uses; by default a new DuckDB one. */
    protected Engine createEngine(EngineContext context) {
        return Engines.create("duckdb", context);
    }

    @BeforeEach
    void createWarehouse() {
        Path directory = temporary.resolve("warehouse");
        warehouse = TestingWarehouse.create(directory, config(directory), this::createEngine);
        runner = new WindowAggregateRunner(warehouse.warehouse(), warehouse.session(), "tester", Clock.systemUTC());
    }

    @AfterEach
    void closeWarehouse() {
        if (warehouse != null) {
            warehouse.close();
        }
    }

    private static List<Aggregate> allAggregates() {
        return List.of(
                Aggregate.parse("events", "count()"),
                Aggregate.parse("big_events", "count_if(v > 50)"),
                Aggregate.parse("total", "sum(v)"),
                Aggregate.parse("weight", "sum(w)"),
                Aggregate.parse("mean", "avg(v)"),
                Aggregate.parse("smallest", "min(v)"),
                Aggregate.parse("largest", "max(v)"),
                Aggregate.parse("pages", "count_distinct(page)"),
                Aggregate.parse("approx_pages", "approx_count_distinct(page)"),
                Aggregate.parse("first_page", "first(page)"),
                Aggregate.parse("last_page", "last(page)"));
    }

    private static WindowAggregate spec(List<Aggregate> aggregates, Window window, String target) {
        return new WindowAggregate(
                TableName.parse("raw.events"),
                Optional.of("username <> 'robot'"),
                List.of("username"),
                Optional.of("time"),
                aggregates,
                window,
                TableName.parse(target),
                false);
    }

    @Test
    void countsAndMaximaAreAdjustedAndLastValuesMergedFromBlocks() {
        createSource();
        for (int day = 0; day < 7; day++) {
            insert(FIRST_DAY.plusDays(day), rows(new Random(day), 12));
        }
        WindowAggregate spec = spec(
                List.of(
                        Aggregate.parse("events", "count()"),
                        Aggregate.parse("largest", "max(v)"),
                        Aggregate.parse("last_page", "last(page)")),
                new Window.FixedLength(5, 0),
                "agg.events_5d");

        WindowReport first = runner.run(spec, FIRST_DAY.plusDays(4));
        assertThat(first.daysComputed()).hasSize(5);
        assertThat(first.plans())
                .extracting(AggregatePlan::kind)
                .containsExactly(AggregatePlan.Kind.FOLD, AggregatePlan.Kind.FOLD, AggregatePlan.Kind.BLOCKS);
        assertThat(first.plans().get(0).reason()).isEqualTo("no previous output of this definition");
        assertThat(first.plans().get(1).reason()).isEqualTo("no previous output of this definition");
        // blocks of 5 days start on epoch days divisible by 5, here 2024-03-03; states are stored 3 days
        // apart (the square root of 5, rounded up), so a suffix of 2 days is merged from its days
        assertThat(first.plans().get(2).reason())
                .isEqualTo("prefix 2024-03-03..2024-03-05 built from 3 day(s),"
                        + " suffix 2024-03-01..2024-03-02 from 2 day(s)");
        assertMatchesSource(FIRST_DAY, FIRST_DAY.plusDays(4));

        WindowReport second = runner.run(spec, FIRST_DAY.plusDays(5));
        assertThat(second.daysComputed()).containsExactly(FIRST_DAY.plusDays(5));
        assertThat(second.daysReused()).hasSize(4);
        assertThat(second.plans())
                .as(second.summary())
                .extracting(AggregatePlan::kind)
                .containsExactly(AggregatePlan.Kind.REUSE, AggregatePlan.Kind.REUSE, AggregatePlan.Kind.BLOCKS);
        assertThat(second.plans().get(1).reason())
                .startsWith("+1 −1 days: reads ")
                .endsWith("; keys whose max a leaving day may have held are folded again");
        // one day after the stored prefix is merged from its day, not written as a new prefix
        assertThat(second.plans().get(2).reason())
                .isEqualTo(
                        "prefix 2024-03-03..2024-03-05 kept + 1 day(s), suffix 2024-03-02..2024-03-02 from 1 day(s)");
        assertMatchesSource(FIRST_DAY.plusDays(1), FIRST_DAY.plusDays(5));
        assertThat(warehouse.value("SELECT max(window_start) FROM agg.events_5d"))
                .isEqualTo(FIRST_DAY.plusDays(1));
        assertThat(warehouse
                        .session()
                        .loadTable(TableName.parse("agg.events_5d"))
                        .currentSnapshot()
                        .summary())
                .containsEntry("almanac.window.plan", "events=reuse,largest=reuse,last_page=blocks")
                .containsEntry(
                        "almanac.window.reasons",
                        "events: " + second.plans().get(0).reason() + "; largest: "
                                + second.plans().get(1).reason() + "; last_page: "
                                + second.plans().get(2).reason())
                .containsEntry("almanac.window.start", "2024-03-02");

        WindowReport rerun = runner.run(spec, FIRST_DAY.plusDays(5));
        assertThat(rerun.daysComputed()).isEmpty();
        assertThat(rerun.rowsWritten()).isZero();
        assertThat(rerun.plans()).extracting(AggregatePlan::kind).containsOnly(AggregatePlan.Kind.UP_TO_DATE);
        assertThat(rerun.snapshotId()).isEqualTo(second.snapshotId());

        // a late row for a day inside the window: that day is recomputed, the rest reused, counts folded
        insert(
                FIRST_DAY.plusDays(2),
                List.of("('late', 'p1', 99, 1.0, TIMESTAMP '2024-03-03 23:00:00', DATE '2024-03-03')"));
        WindowReport late = runner.run(spec, FIRST_DAY.plusDays(5));
        assertThat(late.daysComputed()).containsExactly(FIRST_DAY.plusDays(2));
        assertThat(late.plans())
                .extracting(AggregatePlan::kind)
                .containsExactly(AggregatePlan.Kind.FOLD, AggregatePlan.Kind.FOLD, AggregatePlan.Kind.BLOCKS);
        assertThat(late.plans().get(0).reason())
                .isEqualTo("the partial state of 2024-03-03 changed since the previous output");
        assertMatchesSource(FIRST_DAY.plusDays(1), FIRST_DAY.plusDays(5));
        assertThat(warehouse.value("SELECT events FROM agg.events_5d WHERE username = 'late'"))
                .isEqualTo(1L);
    }

    /** A maximum or minimum that a leaving day held is folded again from the days still in the window. */
    @Test
    void extremesThatLeaveTheWindowAreFoldedAgain() {
        createSource();
        List<String> values = List.of("100, 1", "5, 50", "7, 40", "2, 30", "3, 20", "1, 60", "4, 45");
        for (int day = 0; day < values.size(); day++) {
            LocalDate date = FIRST_DAY.plusDays(day);
            String[] minAndMax = values.get(day).split(", ");
            insert(
                    date,
                    List.of(
                            "('kept', 'p1', " + minAndMax[0] + ", 1.0, TIMESTAMP 'DAY 01:00:00', DATE 'DAY')",
                            "('kept', 'p2', " + minAndMax[1] + ", 1.0, TIMESTAMP 'DAY 02:00:00', DATE 'DAY')"));
        }
        // a key seen only on the first day leaves the output with it
        insert(FIRST_DAY, List.of("('gone', 'p1', 1000, 1.0, TIMESTAMP 'DAY 03:00:00', DATE 'DAY')"));
        WindowAggregate spec = spec(
                List.of(Aggregate.parse("largest", "max(v)"), Aggregate.parse("smallest", "min(v)")),
                new Window.FixedLength(5, 0),
                "agg.extremes_5d");
        String query = "SELECT username, largest, smallest, window_rows FROM agg.extremes_5d ORDER BY username";

        runner.run(spec, FIRST_DAY.plusDays(4));
        assertThat(warehouse.rows(query))
                .containsExactly(List.of("gone", 1000L, 1000L, 1L), List.of("kept", 100L, 1L, 10L));

        // 100 and 1 left with the first day: the key is folded again from the days still in the window
        assertReusedTo(spec, FIRST_DAY.plusDays(5), query, List.of("kept", 60L, 1L, 10L));
        // the maximum 60 and minimum 1 stay in the window: taken from the previous output with the new day's
        assertReusedTo(spec, FIRST_DAY.plusDays(6), query, List.of("kept", 60L, 1L, 10L));
    }

    /**
     * A binary group key is matched by its bytes: the aggregates kept in Java (sketches, last values,
     * block states) give one row per distinct key, as the engine's own grouping does.
     */
    @Test
    void binaryGroupKeysAreMatchedByTheirBytes() {
        createSource();
        for (int day = 0; day < 7; day++) {
            insert(FIRST_DAY.plusDays(day), rows(new Random(day), 12));
        }
        warehouse.execute("CREATE TABLE raw.binary_events PARTITIONED BY (dt) AS SELECT CAST(username AS BINARY)"
                + " AS member, page, time, dt FROM raw.events WHERE username IS NOT NULL AND dt >= DATE '"
                + FIRST_DAY + "'");
        WindowAggregate spec = new WindowAggregate(
                TableName.parse("raw.binary_events"),
                Optional.empty(),
                List.of("member"),
                Optional.of("time"),
                List.of(
                        Aggregate.parse("events", "count()"),
                        Aggregate.parse("approx_pages", "approx_count_distinct(page)"),
                        Aggregate.parse("last_page", "last(page)")),
                new Window.FixedLength(5, 0),
                TableName.parse("agg.binary_5d"),
                false);
        String output = "SELECT CAST(member AS STRING), events, approx_pages, last_page FROM agg.binary_5d ORDER BY 1";
        for (int day = 4; day < 7; day++) {
            LocalDate end = FIRST_DAY.plusDays(day);
            runner.run(spec, end);
            String expected = "SELECT CAST(member AS STRING), count(*), count(DISTINCT page),"
                    + " max_by(page, CASE WHEN page IS NOT NULL THEN time END) FROM raw.binary_events WHERE dt BETWEEN DATE '"
                    + end.minusDays(4)
                    + "' AND DATE '" + end + "' GROUP BY member ORDER BY 1";
            assertThat(warehouse.rows(output)).as("window ending " + end).isEqualTo(warehouse.rows(expected));
        }
    }

    private void assertReusedTo(WindowAggregate spec, LocalDate runDate, String query, List<Object> row) {
        WindowReport report = runner.run(spec, runDate);
        assertThat(report.plans())
                .as(report.summary())
                .extracting(AggregatePlan::kind)
                .containsOnly(AggregatePlan.Kind.REUSE);
        assertThat(warehouse.rows(query)).containsExactly(row);
    }

    /** Each run replaces the prefix state; only the two newest snapshots of the blocks table keep their files. */
    @Test
    void replacedBlockStatesLeaveTheDisk() throws IOException {
        createSource();
        for (int day = 0; day < 12; day++) {
            insert(FIRST_DAY.plusDays(day), rows(new Random(day), 12));
        }
        WindowAggregate spec = spec(
                List.of(Aggregate.parse("events", "count()"), Aggregate.parse("last_page", "last(page)")),
                new Window.FixedLength(5, 0),
                "agg.events_5d");
        for (int day = 4; day < 12; day++) {
            runner.run(spec, FIRST_DAY.plusDays(day));
        }

        Table blocks = warehouse.session().loadTable(TableName.parse("agg.events_5d__blocks"));
        List<Snapshot> snapshots = new ArrayList<>();
        blocks.snapshots().forEach(snapshots::add);
        assertThat(snapshots).hasSize(2);
        assertThat(snapshots.get(1).snapshotId())
                .isEqualTo(blocks.currentSnapshot().snapshotId());
        // on disk: the states the two snapshots hold, and those the older one replaced (deleted with it)
        Set<String> referenced = new TreeSet<>();
        snapshots
                .get(0)
                .removedDataFiles(blocks.io())
                .forEach(file ->
                        referenced.add(LocalPaths.toPath(file.location()).toString()));
        for (Snapshot snapshot : snapshots) {
            try (CloseableIterable<FileScanTask> tasks =
                    blocks.newScan().useSnapshot(snapshot.snapshotId()).planFiles()) {
                tasks.forEach(task ->
                        referenced.add(LocalPaths.toPath(task.file().location()).toString()));
            }
        }
        try (Stream<Path> files =
                Files.walk(LocalPaths.toPath(blocks.location()).resolve("data"))) {
            assertThat(files.filter(file -> file.toString().endsWith(".parquet"))
                            .map(Path::toString))
                    .containsExactlyInAnyOrderElementsOf(referenced);
        }
        // the runs after the first expiry still read their states
        String expected = "SELECT username, count(*) FROM raw.events WHERE username <> 'robot'"
                + " AND dt BETWEEN DATE '" + FIRST_DAY.plusDays(7) + "' AND DATE '" + FIRST_DAY.plusDays(11)
                + "' GROUP BY username ORDER BY username";
        assertThat(warehouse.rows("SELECT username, events FROM agg.events_5d ORDER BY username"))
                .isEqualTo(warehouse.rows(expected));
    }

    private void assertMatchesSource(LocalDate start, LocalDate end) {
        String expected =
                "SELECT username, count(*), max(v) FROM raw.events WHERE username <> 'robot' AND dt BETWEEN DATE '"
                        + start + "' AND DATE '" + end + "' GROUP BY username ORDER BY username";
        assertThat(warehouse.rows("SELECT username, events, largest FROM agg.events_5d ORDER BY username"))
                .isEqualTo(warehouse.rows(expected));
    }

    @Test
    void bundledPipelineRunsOverGeneratedDays() {
        createTrackingLog(1500);
        Pipeline pipeline = PipelineParser.parse(pipelineFile());
        PipelineRunner pipelineRunner = new PipelineRunner(
                warehouse.warehouse(), warehouse.session(), "tester", Clock.systemUTC(), Map.of(), outcome -> {});
        List<LocalDate> dates = List.of(LocalDate.of(2024, 1, 5), LocalDate.of(2024, 1, 6), LocalDate.of(2024, 1, 7));
        List<StepOutcome> outcomes = pipelineRunner.run(pipeline, dates, false).stream()
                .filter(outcome -> !outcome.step().equals(PipelineRunner.PUBLISH))
                .toList();

        assertThat(outcomes).hasSize(9);
        assertThat(outcomes)
                .allSatisfy(outcome ->
                        assertThat(outcome.result()).as(outcome.message()).isEqualTo(StepOutcome.Result.SUCCEEDED));
        assertThat(outcomes.get(8).message())
                .startsWith("agg.course_learners_since_launch over 2024-01-01..2024-01-07: 1 days computed, 6 reused");
        assertThat(
                        warehouse.rows(
                                "SELECT username, events, problem_events, active_days FROM agg.learner_activity_7d ORDER BY username"))
                .isEqualTo(
                        warehouse.rows(
                                "SELECT username, count(*), count(*) FILTER (WHERE event_type LIKE 'problem%'),"
                                        + " count(DISTINCT dt) FROM raw.tracking_log WHERE username IS NOT NULL AND username <> '' AND dt"
                                        + " BETWEEN DATE '2024-01-01' AND DATE '2024-01-07' GROUP BY username ORDER BY username"));
        assertThat(
                        warehouse.rows(
                                "SELECT course_id, exact_learners, learners, events FROM agg.course_learners_since_launch ORDER BY course_id"))
                .isEqualTo(
                        warehouse.rows(
                                "SELECT course_id, count(DISTINCT username), count(DISTINCT username), count(*) FROM"
                                        + " raw.tracking_log WHERE username IS NOT NULL AND dt <= DATE '2024-01-07' GROUP BY course_id ORDER BY course_id"));
    }

    /**
     * {@code events} tracking-log rows, 400 seconds apart from 2024-01-01, written as plain
     * VALUES so that every engine creates the same table.
     */
    private void createTrackingLog(int events) {
        String columns = "username, event_type, course_id, page, time, dt";
        String[] types = {"problem_check", "play_video", "problem_graded", "page_close"};
        LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
        List<String> rows = new ArrayList<>();
        for (int event = 0; event < events; event++) {
            Random random = new Random(event);
            LocalDateTime time = start.plusSeconds(event * 400L);
            rows.add("(" + (event % 17 == 0 ? "NULL" : "'learner" + random.nextInt(40) + "'") + ", '"
                    + types[random.nextInt(types.length)] + "', 'course-v1:MITx+6.00x+" + random.nextInt(3)
                    + "', '/courses/page/" + random.nextInt(25) + "', TIMESTAMP '" + time.format(SQL_TIMESTAMP)
                    + "', DATE '" + time.toLocalDate() + "')");
        }
        int chunk = 500;
        for (int from = 0; from < rows.size(); from += chunk) {
            String values = String.join(", ", rows.subList(from, Math.min(rows.size(), from + chunk)));
            String select = "SELECT * FROM (VALUES " + values + ") AS t(" + columns + ")";
            warehouse.execute(
                    from == 0
                            ? "CREATE TABLE raw.tracking_log PARTITIONED BY (dt) AS " + select
                            : "INSERT INTO raw.tracking_log " + select);
        }
    }

    private static Path pipelineFile() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            Path file = directory.resolve("pipelines/bundled/learner_activity_windows.yaml");
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new AssertionError(
                "pipelines/bundled/learner_activity_windows.yaml not found above the working directory");
    }

    @Test
    void missingSourceDaysAreReportedOrFailTheStep() {
        createSource();
        insert(FIRST_DAY, rows(new Random(1), 5));
        insert(FIRST_DAY.plusDays(2), rows(new Random(2), 5));
        WindowAggregate lenient =
                spec(List.of(Aggregate.parse("events", "count()")), new Window.FixedLength(3, 0), "agg.gaps");
        WindowReport report = runner.run(lenient, FIRST_DAY.plusDays(2));
        assertThat(report.missingDays()).containsExactly(FIRST_DAY.plusDays(1));
        assertThat(report.summary()).contains("1 without source data (2024-03-02)");

        WindowAggregate strict = new WindowAggregate(
                lenient.source(),
                lenient.filter(),
                lenient.groupBy(),
                lenient.timeColumn(),
                lenient.aggregates(),
                new Window.FixedLength(4, 0),
                TableName.parse("agg.gaps_strict"),
                true);
        assertThatThrownBy(() -> runner.run(strict, FIRST_DAY.plusDays(2)))
                .isInstanceOf(AlmanacException.class)
                .hasMessage(
                        "Source raw.events has no data for 2 day(s) of the window 2024-02-29..2024-03-03: 2024-02-29,"
                                + " 2024-03-02; load them first, or set fail_on_missing: false to aggregate what is there");
    }

    @Test
    void sourceMustBePartitionedByDay() {
        warehouse.execute("CREATE TABLE raw.flat AS SELECT 'a' AS username, 1 AS v");
        WindowAggregate spec = new WindowAggregate(
                TableName.parse("raw.flat"),
                Optional.empty(),
                List.of("username"),
                Optional.empty(),
                List.of(Aggregate.parse("events", "count()")),
                new Window.FixedLength(2, 0),
                TableName.parse("agg.flat"),
                false);
        assertThatThrownBy(() -> runner.run(spec, FIRST_DAY))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith(
                        "Window steps read tables partitioned by a DATE column dt, and raw.flat is not partitioned");
    }

    /** Random data, windows and run sequences; every output equals the full recompute. */
    /**
     * Whichever engine builds a day's sketches (Java from the values the engine gives, or the engine
     * itself), they are DataSketches HLL sketches (lgConfigK 12) of the day's values, with the
     * coupons Java's sketches get: text hashed as its UTF-8 bytes, integers as 64-bit integers,
     * doubles as doubles; a key's day without a value has none. (Images may differ in the order of
     * their coupons, in their HLL type and in being compact: Spark's are HLL_8 and updatable.)
     */
    @Test
    void eachDaysSketchesAreTheImagesOfItsValues() {
        Random random = new Random(20261207L);
        createSource();
        for (int day = 0; day < 3; day++) {
            insert(FIRST_DAY.plusDays(day), rows(random, 40));
        }
        LocalDate runDate = FIRST_DAY.plusDays(2);
        WindowAggregate textAndIntegers = spec(
                List.of(
                        Aggregate.parse("approx_pages", "approx_count_distinct(page)"),
                        Aggregate.parse("approx_values", "approx_count_distinct(v)")),
                new Window.FixedLength(3, 0),
                "agg.sketched");
        runner.run(textAndIntegers, runDate);
        assertSketchesOf(
                "agg.sketched__daily",
                List.of("approx_pages", "approx_values"),
                List.of("page", "v"),
                engineBuildsSketches() ? TgtHllType.HLL_8 : TgtHllType.HLL_4);
        WindowAggregate doubles = spec(
                List.of(Aggregate.parse("approx_weights", "approx_count_distinct(w)")),
                new Window.FixedLength(3, 0),
                "agg.sketched_doubles");
        runner.run(doubles, runDate);
        // no engine hashes doubles as Java does: these are sketched in Java everywhere
        assertSketchesOf("agg.sketched_doubles__daily", List.of("approx_weights"), List.of("w"), TgtHllType.HLL_4);
    }

    /**
     * Whether the engine builds the sketches of text and integers itself (Spark's {@code
     * hll_sketch_agg}, whose sketches are HLL_8), instead of Java (HLL_4).
     */
    protected boolean engineBuildsSketches() {
        return false;
    }

    private void assertSketchesOf(
            String daily, List<String> sketchColumns, List<String> valueColumns, TgtHllType builtAs) {
        Map<List<Object>, HllSketch[]> expected = new java.util.HashMap<>();
        for (List<Object> row : warehouse.rows("SELECT CAST(dt AS STRING), username, " + String.join(", ", valueColumns)
                + " FROM raw.events WHERE dt >= DATE '" + FIRST_DAY + "' AND username <> 'robot'")) {
            HllSketch[] sketches = expected.computeIfAbsent(
                    List.of(row.get(0), row.get(1)), ignored -> new HllSketch[valueColumns.size()]);
            for (int i = 0; i < valueColumns.size(); i++) {
                Object value = row.get(2 + i);
                if (value == null) {
                    continue;
                }
                if (sketches[i] == null) {
                    sketches[i] = new HllSketch(12, TgtHllType.HLL_4);
                }
                if (value instanceof String text) {
                    sketches[i].update(text);
                } else if (value instanceof Double number) {
                    sketches[i].update(number);
                } else {
                    sketches[i].update(((Number) value).longValue());
                }
            }
        }
        List<List<Object>> stored = warehouse.rows(
                "SELECT CAST(dt AS STRING), username, " + String.join(", ", sketchColumns) + " FROM " + daily);
        assertThat(stored).hasSize(expected.size());
        int sketched = 0;
        for (List<Object> row : stored) {
            HllSketch[] sketches = expected.get(List.of(row.get(0), row.get(1)));
            assertThat(sketches).as("%s", row.subList(0, 2)).isNotNull();
            for (int i = 0; i < sketchColumns.size(); i++) {
                if (sketches[i] == null) {
                    assertThat(row.get(2 + i))
                            .as("%s %s", row.subList(0, 2), sketchColumns.get(i))
                            .isNull();
                } else {
                    String what = row.subList(0, 2) + " " + sketchColumns.get(i);
                    HllSketch actual = HllSketch.heapify((byte[]) row.get(2 + i));
                    assertThat(actual.getLgConfigK()).as(what).isEqualTo(12);
                    assertThat(actual.getTgtHllType()).as(what).isEqualTo(builtAs);
                    // the same coupons: a few values are counted exactly, and the union adds none
                    Union union = new Union(12);
                    union.update(actual);
                    union.update(sketches[i]);
                    assertThat(actual.getEstimate()).as(what).isEqualTo(sketches[i].getEstimate());
                    assertThat(union.getEstimate()).as(what).isEqualTo(sketches[i].getEstimate());
                    sketched++;
                }
            }
        }
        // most keys have a value on most days: the comparisons above are not all of NULLs
        assertThat(sketched).isGreaterThan(stored.size() * sketchColumns.size() / 2);
    }

    @Test
    void incrementalOutputEqualsFullRecompute() {
        Random random = new Random(20241123L);
        createSource();
        for (int day = 0; day < 12; day++) {
            insert(FIRST_DAY.plusDays(day), rows(random, random.nextInt(15)));
        }
        int checks = 0;
        int extremesReused = 0;
        int storedStatesWithDays = 0;
        Map<AggregatePlan.Kind, Integer> kinds = new java.util.EnumMap<>(AggregatePlan.Kind.class);
        for (int caseNumber = 0; caseNumber < 12; caseNumber++) {
            Window window = random.nextInt(3) == 0
                    ? new Window.FixedStart(FIRST_DAY.plusDays(random.nextInt(3)))
                    : new Window.FixedLength(1 + random.nextInt(6), random.nextInt(2));
            List<Aggregate> aggregates = new ArrayList<>(allAggregates());
            if (random.nextInt(3) == 0) {
                aggregates.removeIf(aggregate -> !aggregate.function().invertible());
            }
            // every third case an aggregate written in Java, alternately one that unmerges and one that does not
            Optional<String> aggregator = caseNumber % 3 == 2
                    ? Optional.of((caseNumber % 2 == 0 ? LongestStreak.class : SessionCount.class).getName())
                    : Optional.empty();
            WindowAggregate spec = aggregator.isPresent()
                    ? aggregatorSpec(aggregator.get(), window, "agg.window_" + caseNumber)
                    : spec(aggregates, window, "agg.window_" + caseNumber);
            WindowAggregate full = aggregator.isPresent()
                    ? aggregatorSpec(aggregator.get(), window, "agg.expected_" + caseNumber)
                    : spec(aggregates, window, "agg.expected_" + caseNumber);
            LocalDate runDate = FIRST_DAY.plusDays(3 + random.nextInt(3));
            for (int run = 0; run < 6; run++) {
                mutate(random, runDate);
                String history = "case " + caseNumber + " (" + window.describe() + ") run " + run + " for " + runDate;
                WindowReport report = runner.run(spec, runDate);
                runner.recompute(full, runDate);
                report.plans().forEach(plan -> kinds.merge(plan.kind(), 1, Integer::sum));
                extremesReused += (int) report.plans().stream()
                        .filter(plan -> plan.kind() == AggregatePlan.Kind.REUSE
                                && (plan.aggregate().equals("smallest")
                                        || plan.aggregate().equals("largest")))
                        .count();
                storedStatesWithDays += (int) report.plans().stream()
                        .filter(plan -> plan.kind() == AggregatePlan.Kind.BLOCKS
                                && plan.reason()
                                        .matches(".*(kept|built \\(\\d+ suffix state\\(s\\)\\)) \\+ \\d+ day\\(s\\).*"))
                        .count();
                if (aggregator.isPresent()) {
                    assertSameAggregatorOutput(spec, full, history + ": " + report.summary());
                } else {
                    assertSameOutput(spec, full, history + ": " + report.summary());
                }
                checks++;
                int step = random.nextInt(5);
                runDate = runDate.plusDays(step == 0 ? 0 : step == 4 ? 3 : 1);
            }
        }
        assertThat(checks).isEqualTo(72);
        // minima and maxima were taken from previous outputs too, not only folded
        assertThat(extremesReused).isPositive();
        // windows were merged from stored states and the partial states of the days beside them
        assertThat(storedStatesWithDays).isPositive();
        // every way of keeping a window was taken
        assertThat(kinds.keySet())
                .contains(
                        AggregatePlan.Kind.REUSE,
                        AggregatePlan.Kind.FOLD,
                        AggregatePlan.Kind.BLOCKS,
                        AggregatePlan.Kind.UP_TO_DATE);
    }

    private static WindowAggregate aggregatorSpec(String aggregator, Window window, String target) {
        return WindowAggregate.ofAggregator(
                TableName.parse("raw.events"),
                Optional.of("username <> 'robot'"),
                aggregator,
                window,
                TableName.parse(target),
                false);
    }

    private void assertSameAggregatorOutput(WindowAggregate spec, WindowAggregate full, String description) {
        String columns = spec.aggregator().orElseThrow().equals(LongestStreak.class.getName())
                ? "longest_streak, active_days"
                : "sessions, events";
        String query =
                "SELECT username, " + columns + ", window_rows, window_start, window_end FROM %s ORDER BY username";
        assertThat(warehouse.rows(query.formatted(spec.target())))
                .as(description)
                .isEqualTo(warehouse.rows(query.formatted(full.target())));
    }

    /** Aggregates written in Java, checked against the same figures computed in SQL from the source rows. */
    @Test
    void javaAggregatorsMatchTheSource() {
        createSource();
        Random random = new Random(7);
        for (int day = 0; day < 9; day++) {
            if (day != 4) {
                insert(FIRST_DAY.plusDays(day), rows(random, 25));
            }
        }
        WindowAggregate streaks =
                aggregatorSpec(LongestStreak.class.getName(), new Window.FixedLength(5, 0), "agg.streaks");
        WindowAggregate sessions =
                aggregatorSpec(SessionCount.class.getName(), new Window.FixedLength(5, 0), "agg.sessions");
        WindowReport first = runner.run(streaks, FIRST_DAY.plusDays(6));
        assertThat(first.plans()).extracting(AggregatePlan::kind).containsExactly(AggregatePlan.Kind.BLOCKS);
        assertThat(first.plans().get(0).reason()).startsWith("no previous output of this definition; prefix ");
        assertStreaks(FIRST_DAY.plusDays(2), FIRST_DAY.plusDays(6));
        WindowReport second = runner.run(streaks, FIRST_DAY.plusDays(7));
        assertThat(second.plans().get(0).kind()).as(second.summary()).isEqualTo(AggregatePlan.Kind.REUSE);
        assertThat(second.plans().get(0).reason())
                .isEqualTo("+1 −1 days merged in and taken out of the previous output's states");
        assertStreaks(FIRST_DAY.plusDays(3), FIRST_DAY.plusDays(7));
        assertThat(warehouse.value("SELECT count(*) FROM agg.streaks WHERE longest_streak >= 3"))
                .isNotEqualTo(0L);

        for (int day = 6; day <= 8; day++) {
            WindowReport report = runner.run(sessions, FIRST_DAY.plusDays(day));
            assertThat(report.plans().get(0).kind()).as(report.summary()).isEqualTo(AggregatePlan.Kind.BLOCKS);
            assertThat(warehouse.rows("SELECT username, sessions, events FROM agg.sessions ORDER BY username"))
                    .as(report.summary())
                    .isEqualTo(warehouse.rows("SELECT username, count(*) FILTER (WHERE previous IS NULL OR time -"
                            + " previous > INTERVAL 30 MINUTE), count(*) FROM (SELECT username, time, lag(time) OVER"
                            + " (PARTITION BY username ORDER BY time) AS previous FROM raw.events WHERE username <>"
                            + " 'robot' AND time IS NOT NULL AND dt BETWEEN DATE '" + FIRST_DAY.plusDays(day - 4)
                            + "' AND DATE '" + FIRST_DAY.plusDays(day) + "') AS ordered GROUP BY username ORDER BY"
                            + " username"));
        }
    }

    private void assertStreaks(LocalDate start, LocalDate end) {
        String days = "SELECT DISTINCT username, dt FROM raw.events WHERE username <> 'robot' AND dt BETWEEN DATE '"
                + start + "' AND DATE '" + end + "'";
        String runs = "SELECT username, count(*) AS length FROM (SELECT username, dt - CAST(row_number() OVER"
                + " (PARTITION BY username ORDER BY dt) AS INTEGER) AS run FROM (" + days + ") AS active) AS numbered"
                + " GROUP BY username, run";
        assertThat(warehouse.rows("SELECT username, longest_streak, active_days FROM agg.streaks ORDER BY username"))
                .isEqualTo(warehouse.rows("SELECT username, max(length), sum(length) FROM (" + runs
                        + ") AS runs GROUP BY username ORDER BY username"));
    }

    @Test
    void unknownAggregatorFailsTheStep() {
        createSource();
        insert(FIRST_DAY, rows(new Random(3), 5));
        WindowAggregate spec = aggregatorSpec("com.example.Missing", new Window.FixedLength(3, 0), "agg.missing");
        assertThatThrownBy(() -> runner.run(spec, FIRST_DAY))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Window step for agg.missing: No window aggregator com.example.Missing on the class path:"
                        + " implement dev.almanac.spi.window.WindowAggregator with a public no-argument constructor and"
                        + " list the class in META-INF/services/dev.almanac.spi.window.WindowAggregator");
    }

    @Test
    void pipelineStepNamesAnAggregator() {
        String yaml = """
                name: streaks
                steps:
                  - name: streaks
                    type: window-aggregate
                    source: raw.events
                    aggregator: %s
                    window: {fixed_length: 3}
                    target: agg.streaks
                """;
        WindowAggregate spec = ((dev.almanac.core.pipeline.WindowAggregateStep) PipelineParser.parse(
                                "pipeline.yaml", yaml.formatted(LongestStreak.class.getName()), Path.of("."))
                        .steps()
                        .get(0)
                        .settings())
                .aggregate();
        assertThat(spec.aggregator()).contains(LongestStreak.class.getName());
        assertThat(spec.aggregates()).isEmpty();
        assertThatThrownBy(() ->
                        PipelineParser.parse("pipeline.yaml", yaml.formatted("com.example.Missing"), Path.of(".")))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("Step 'streaks': No window aggregator com.example.Missing on the class path")
                .hasMessageEndingWith("(pipeline.yaml:6:17)");
        String withAggregates = yaml.formatted(LongestStreak.class.getName()) + "    aggregates: {events: count()}\n";
        assertThatThrownBy(() -> PipelineParser.parse("pipeline.yaml", withAggregates, Path.of(".")))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("Step 'streaks': 'aggregates' does not go with 'aggregator'; the aggregator's"
                        + " class gives the keys and the output columns");
    }

    private void mutate(Random random, LocalDate runDate) {
        LocalDate day = runDate.minusDays(random.nextInt(6));
        switch (random.nextInt(5)) {
            case 0 -> insert(day, rows(random, 1 + random.nextInt(4)));
            case 1 ->
                warehouse.execute("INSERT OVERWRITE TABLE raw.events PARTITION (dt='" + day + "') SELECT username,"
                        + " page, v, w, time FROM (VALUES "
                        + String.join(", ", values(day, rows(random, 1 + random.nextInt(8))))
                        + ") AS t(" + COLUMNS + ")");
            case 2 ->
                warehouse.execute("INSERT OVERWRITE TABLE raw.events PARTITION (dt='" + day + "') SELECT username,"
                        + " page, v, w, time FROM raw.events WHERE false");
            default -> {
                if (!day.isAfter(runDate)) {
                    insert(runDate, rows(random, random.nextInt(10)));
                }
            }
        }
    }

    private void assertSameOutput(WindowAggregate spec, WindowAggregate full, String description) {
        String columns = spec.aggregates().stream()
                .map(Aggregate::name)
                .filter(name -> !name.equals("approx_pages") && !name.equals("weight") && !name.equals("mean"))
                .collect(Collectors.joining(", "));
        String query =
                "SELECT username, " + columns + ", window_rows, window_start, window_end FROM %s ORDER BY username";
        assertThat(warehouse.rows(query.formatted(spec.target())))
                .as(description)
                .isEqualTo(warehouse.rows(query.formatted(full.target())));
        if (spec.aggregates().stream().anyMatch(aggregate -> aggregate.name().equals("mean"))) {
            List<List<Object>> incremental =
                    warehouse.rows("SELECT mean, weight FROM " + spec.target() + " ORDER BY username");
            List<List<Object>> expected =
                    warehouse.rows("SELECT mean, weight FROM " + full.target() + " ORDER BY username");
            assertThat(incremental).as(description).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                for (int column = 0; column < 2; column++) {
                    Object value = expected.get(i).get(column);
                    Object actual = incremental.get(i).get(column);
                    if (value == null) {
                        assertThat(actual).as(description).isNull();
                    } else {
                        assertThat((Double) actual).as(description).isCloseTo((Double) value, within(1e-6));
                    }
                }
            }
        }
        if (spec.aggregates().stream().anyMatch(aggregate -> aggregate.name().equals("approx_pages"))) {
            List<List<Object>> pairs = warehouse.rows("SELECT w.approx_pages, e.pages FROM " + spec.target()
                    + " w JOIN " + full.target() + " e USING (username)");
            for (List<Object> pair : pairs) {
                long estimate = (Long) pair.get(0);
                long exact = (Long) pair.get(1);
                // lgK 12: relative standard error 1.6%; small counts are exact
                assertThat((double) estimate).as(description).isCloseTo(exact, within(Math.max(0.5, exact * 0.05)));
            }
        }
    }

    private void createSource() {
        warehouse.execute(
                "CREATE TABLE raw.events PARTITIONED BY (dt) AS SELECT " + COLUMNS + " FROM (VALUES ('seed', 'p0',"
                        + " CAST(1 AS BIGINT), CAST(1.5 AS DOUBLE), TIMESTAMP '2024-02-20 00:00:00', DATE '2024-02-20')) AS t("
                        + COLUMNS + ")");
    }

    private static List<String> values(LocalDate day, List<String> rows) {
        return rows.stream().map(row -> row.replace("DAY", day.toString())).toList();
    }

    private void insert(LocalDate day, List<String> rows) {
        List<String> values = values(day, rows);
        if (!values.isEmpty()) {
            warehouse.execute("INSERT INTO raw.events SELECT * FROM (VALUES " + String.join(", ", values) + ") AS t("
                    + COLUMNS + ")");
        }
    }

    /** Rows as SQL tuples; the day is filled in by the caller. Times are unique so first/last are well defined. */
    private List<String> rows(Random random, int count) {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int user = random.nextInt(6);
            String username = user == 5 ? "NULL" : user == 4 ? "'robot'" : "'user" + user + "'";
            String page = random.nextInt(8) == 0 ? "NULL" : "'p" + random.nextInt(12) + "'";
            String v = random.nextInt(8) == 0 ? "NULL" : Long.toString(random.nextInt(100));
            String w = String.valueOf(random.nextInt(1000) / 8.0);
            clockSeconds++;
            rows.add("(" + username + ", " + page + ", CAST(" + v + " AS BIGINT), CAST(" + w
                    + " AS DOUBLE), TIMESTAMP 'DAY" + " 00:00:00' + INTERVAL " + clockSeconds + " SECOND, DATE 'DAY')");
        }
        return rows;
    }
}
