package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.catalog.TypeConversion;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.table.CommitContext;
import dev.almanac.core.table.ScanPlanner;
import dev.almanac.core.table.SnapshotCommitter;
import dev.almanac.core.table.TableFiles;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineCapability;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.engine.TableBinding;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * Brings a window step's output up to date for a run date, after LinkedIn's Hourglass: per-day
 * partial states (partition-preserving) are computed only for days that are new or whose source
 * partition changed, then the output (partition-collapsing) is either the previous output adjusted
 * by the days that entered and left the window (invertible aggregates, when that reads fewer
 * bytes) or folded from the partial states of the whole window.
 */
public final class WindowAggregateRunner {
    /** Windows this long or longer keep their non-invertible aggregates in block states. */
    static final int MIN_BLOCK_DAYS = 3;

    private final Warehouse warehouse;
    private final SqlSession session;
    private final String principal;
    private final Clock clock;

    public WindowAggregateRunner(Warehouse warehouse, SqlSession session, String principal, Clock clock) {
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.session = requireNonNull(session, "session is null");
        this.principal = requireNonNull(principal, "principal is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public WindowReport run(WindowAggregate step, LocalDate runDate) {
        Instant startedAt = clock.instant();
        Prepared prepared = prepare(step, runDate);
        Optional<AggregatorColumn<?>> aggregator = prepared.aggregator();
        WindowAggregate spec = prepared.spec();
        DayRange range = prepared.range();
        Table source = prepared.source();
        DayFiles sourceDays = prepared.sourceDays();
        List<LocalDate> missing = prepared.missing();
        WindowSql sql = prepared.sql();

        Optional<Table> daily = existing(spec.dailyTable());
        Optional<WindowSummary> dailySummary = daily.flatMap(WindowSummary::of);
        if (daily.isPresent()
                && !dailySummary
                        .map(s -> s.definition().equals(spec.definitionDigest()))
                        .orElse(false)) {
            // states computed under another definition cannot be reused
            warehouse.catalog().dropTable(spec.dailyTable().identifier(), true);
            daily = Optional.empty();
            dailySummary = Optional.empty();
        }
        Map<LocalDate, String> recorded =
                new TreeMap<>(dailySummary.map(WindowSummary::days).orElse(Map.of()));
        List<LocalDate> toCompute = range.days().stream()
                .filter(day -> !sourceDays.fingerprint(day).equals(recorded.get(day)))
                .toList();
        List<LocalDate> reused =
                range.days().stream().filter(day -> !toCompute.contains(day)).toList();
        long dailyRows = 0;
        if (!toCompute.isEmpty() || daily.isEmpty()) {
            toCompute.forEach(day -> recorded.put(day, sourceDays.fingerprint(day)));
            dailyRows = writeDayStates(spec, sql, aggregator, source, toCompute, recorded, startedAt);
        }
        Table dailyTable = session.loadTable(spec.dailyTable());
        DayFiles states = DayFiles.of(dailyTable, spec.dailyTable().toString(), range);
        return writeOutput(
                spec, sql, aggregator, range, recorded, states, toCompute, reused, missing, dailyRows, startedAt);
    }

    /** What a run and a recompute both start from: the resolved step, its window and its source's days. */
    private record Prepared(
            WindowAggregate spec,
            Optional<AggregatorColumn<?>> aggregator,
            DayRange range,
            Table source,
            DayFiles sourceDays,
            List<LocalDate> missing,
            WindowSql sql) {}

    private Prepared prepare(WindowAggregate step, LocalDate runDate) {
        Optional<AggregatorColumn<?>> aggregator = aggregator(step);
        WindowAggregate spec = resolve(step, aggregator);
        DayRange range = range(spec, runDate);
        Table source = session.loadTable(spec.source());
        DayFiles sourceDays = DayFiles.of(source, spec.source().toString(), range);
        List<LocalDate> missing = missingDays(spec, range, sourceDays);
        return new Prepared(
                spec,
                aggregator,
                range,
                source,
                sourceDays,
                missing,
                new WindowSql(spec, integralSums(spec, source, range), aggregator));
    }

    private static Optional<AggregatorColumn<?>> aggregator(WindowAggregate spec) {
        return spec.aggregator()
                .map(name -> WindowAggregators.find(name)
                        .<AggregatorColumn<?>>map(AggregatorColumn::new)
                        .orElseThrow(() -> new AlmanacException(
                                ErrorCode.INVALID_ARGUMENT,
                                "Window step for " + spec.target() + ": " + WindowAggregators.notFound(name))));
    }

    /** The step with the keys of its aggregator written in Java, if it has one. */
    private static WindowAggregate resolve(WindowAggregate spec, Optional<AggregatorColumn<?>> aggregator) {
        return aggregator
                .map(column -> spec.withKeys(column.aggregator().keyColumns().stream()
                        .map(Field::name)
                        .toList()))
                .orElse(spec);
    }

    /** The output computed from the source rows of the whole window, ignoring partial states (the baseline). */
    public WindowReport recompute(WindowAggregate step, LocalDate runDate) {
        Instant startedAt = clock.instant();
        Prepared prepared = prepare(step, runDate);
        WindowAggregate spec = prepared.spec();
        DayRange range = prepared.range();
        WindowSql sql = prepared.sql();
        Optional<AggregatorColumn<?>> aggregator = prepared.aggregator();
        Engine engine = session.engine();
        List<TableBinding> bindings = List.of(bind(spec.source(), prepared.source(), range));
        String query;
        if (aggregator.isPresent()) {
            new AggregatorStates<>(aggregator.get())
                    .stageWindow(engine, sql.aggregatorRows(range), bindings, WindowSql.WINDOW_SKETCHES);
            query = sql.output(
                    List.of("SELECT " + String.join(", ", keyNames(spec))
                            + (spec.groupBy().isEmpty() ? "" : ", ") + "window_rows FROM " + WindowSql.WINDOW_SKETCHES),
                    true,
                    range);
        } else {
            Optional<Map<String, String>> sketchedByEngine = engineSketches(spec, sql, range, bindings);
            if (sketchedByEngine.isPresent()) {
                query = sql.output(
                        List.of(sql.direct(range)),
                        Optional.of("(" + sql.windowEstimatesByEngine(range, sketchedByEngine.get()) + ")"),
                        range);
            } else {
                boolean sketches = stageWindowSketches(
                        spec,
                        engine,
                        bindings,
                        aggregate -> textValues(sql, aggregate, range, bindings, spec)
                                ? sql.windowSketchBytes(aggregate, range)
                                : sql.windowSketchValues(aggregate, range),
                        keyFields(spec, sql, bindings, range));
                query = sql.output(List.of(sql.direct(range)), sketches, range);
            }
        }
        List<AggregatePlan> plans = planNames(spec).stream()
                .map(name -> new AggregatePlan(name, AggregatePlan.Kind.RECOMPUTE, "asked for a full recompute"))
                .toList();
        long bytes = prepared.sourceDays().bytes(range.days());
        WindowSummary summary = new WindowSummary("recompute", Optional.of(range), Map.of(), plan(plans));
        Write write = replaceOutput(
                spec.target(),
                query,
                bindings,
                summary,
                bytes,
                startedAt,
                Map.of(spec.source().toString(), prepared.source()));
        engine.dropStaged(WindowSql.WINDOW_SKETCHES);
        return new WindowReport(
                spec.target().toString(),
                range,
                List.of(),
                List.of(),
                prepared.missing(),
                plans,
                bytes,
                bytes,
                0,
                write.rows(),
                Optional.of(write.snapshotId()));
    }

    private static DayRange range(WindowAggregate spec, LocalDate runDate) {
        try {
            return spec.window().range(runDate);
        } catch (IllegalArgumentException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT, "Window step for " + spec.target() + ": " + e.getMessage(), e);
        }
    }

    private static List<LocalDate> missingDays(WindowAggregate spec, DayRange range, DayFiles sourceDays) {
        List<LocalDate> missing = range.days().stream()
                .filter(day -> sourceDays.fingerprint(day).equals(DayFiles.NO_FILES))
                .toList();
        if (spec.failOnMissing() && !missing.isEmpty()) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Source " + spec.source() + " has no data for " + missing.size() + " day(s) of the window " + range
                            + ": "
                            + missing.stream()
                                    .limit(10)
                                    .map(LocalDate::toString)
                                    .collect(Collectors.joining(", "))
                            + (missing.size() > 10 ? ", …" : "")
                            + "; load them first, or set fail_on_missing: false to aggregate what is there");
        }
        return missing;
    }

    private Optional<Table> existing(TableName name) {
        if (!warehouse.catalog().tableExists(name.identifier())) {
            return Optional.empty();
        }
        return Optional.of(session.loadTable(name));
    }

    private static List<String> keyNames(WindowAggregate spec) {
        return spec.groupBy().stream().map(WindowSql::quote).toList();
    }

    /** The names plans are reported under: the aggregates', or the aggregator's class name. */
    private static List<String> planNames(WindowAggregate spec) {
        return spec.aggregator()
                .map(List::of)
                .orElseGet(() -> spec.aggregates().stream().map(Aggregate::name).toList());
    }

    static TableBinding bind(TableName name, Table table, DayRange days) {
        Expression filter = table.spec().isPartitioned()
                ? Expressions.and(
                        Expressions.greaterThanOrEqual("dt", days.start().toString()),
                        Expressions.lessThanOrEqual("dt", days.end().toString()))
                : Expressions.alwaysTrue();
        return ScanPlanner.plan(table, name.parts(), Optional.empty(), filter).binding();
    }

    private Set<String> integralSums(WindowAggregate spec, Table source, DayRange range) {
        Set<String> integral = new HashSet<>();
        List<TableBinding> bindings = List.of(bind(spec.source(), source, new DayRange(range.end(), range.end())));
        for (Aggregate aggregate : spec.aggregates()) {
            if (aggregate.function() == AggregateFunction.SUM) {
                DataType type = describe(
                                "SELECT (" + aggregate.argument().orElseThrow() + ") AS value FROM " + spec.source(),
                                bindings,
                                spec)
                        .get(0)
                        .type();
                if (type == PrimitiveType.INTEGER || type == PrimitiveType.BIGINT) {
                    integral.add(aggregate.name());
                }
            }
        }
        return integral;
    }

    private List<Field> describe(String query, List<TableBinding> bindings, WindowAggregate spec) {
        try {
            return session.engine().describe(query, bindings);
        } catch (AlmanacException e) {
            throw new AlmanacException(e.code(), "Window step for " + spec.target() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the values {@code aggregate} sketches are text, which are then read as their UTF-8 bytes. */
    private boolean textValues(
            WindowSql sql, Aggregate aggregate, DayRange range, List<TableBinding> bindings, WindowAggregate spec) {
        List<Field> fields = describe(sql.windowSketchValues(aggregate, range), bindings, spec);
        return fields.get(fields.size() - 1).type() == PrimitiveType.STRING;
    }

    private static List<Aggregate> sketchAggregates(WindowAggregate spec) {
        return spec.aggregates().stream()
                .filter(aggregate -> aggregate.function() == AggregateFunction.APPROX_COUNT_DISTINCT)
                .toList();
    }

    /** Whether {@code engine} unions and estimates the stored sketches itself, instead of Java. */
    static boolean mergesSketches(Engine engine) {
        return engine.capabilities().contains(EngineCapability.HLL_SKETCH_FUNCTIONS);
    }

    /**
     * The sketch aggregate the engine builds for each approximate distinct count (by name), when it
     * has DataSketches functions and hashes the values of every one of them as the Java sketches do;
     * empty when the step has none, or when they are built in Java.
     */
    private Optional<Map<String, String>> engineSketches(
            WindowAggregate spec, WindowSql sql, DayRange range, List<TableBinding> bindings) {
        List<Aggregate> sketchAggregates = sketchAggregates(spec);
        if (sketchAggregates.isEmpty() || !mergesSketches(session.engine())) {
            return Optional.empty();
        }
        Map<String, String> sketchOf = new LinkedHashMap<>();
        for (Aggregate aggregate : sketchAggregates) {
            List<Field> fields = describe(sql.windowSketchValues(aggregate, range), bindings, spec);
            Optional<String> sketch = WindowSql.engineSketch(
                    aggregate, fields.get(fields.size() - 1).type());
            if (sketch.isEmpty()) {
                return Optional.empty();
            }
            sketchOf.put(aggregate.name(), sketch.get());
        }
        return Optional.of(sketchOf);
    }

    /** Computes and commits the partial states of {@code days} in one snapshot of {@code target__daily}. */
    private long writeDayStates(
            WindowAggregate spec,
            WindowSql sql,
            Optional<AggregatorColumn<?>> aggregator,
            Table source,
            List<LocalDate> days,
            Map<LocalDate, String> recorded,
            Instant startedAt) {
        Engine engine = session.engine();
        List<LocalDate> queried = days.isEmpty() ? List.of(LocalDate.EPOCH) : days;
        DayRange span = new DayRange(queried.get(0), queried.get(queried.size() - 1));
        List<TableBinding> bindings = List.of(bind(spec.source(), source, span));
        List<Aggregate> sketchAggregates = sketchAggregates(spec);
        if (aggregator.isPresent()) {
            new AggregatorStates<>(aggregator.get())
                    .stageDays(engine, sql.aggregatorRows(queried), bindings, WindowSql.DAY_SKETCHES);
        }
        Optional<Map<String, String>> sketchedByEngine = engineSketches(spec, sql, span, bindings);
        boolean sketchedInJava = !sketchAggregates.isEmpty() && sketchedByEngine.isEmpty();
        if (sketchedInJava) {
            List<Field> keys = describe(sql.dayStates(queried, false), bindings, spec)
                    .subList(0, spec.groupBy().size() + 1);
            Map<Object, Map<List<Object>, byte[][]>> rows = new HashMap<>();
            for (int i = 0; i < sketchAggregates.size(); i++) {
                int column = i;
                Aggregate aggregate = sketchAggregates.get(i);
                boolean text = textValues(sql, aggregate, span, bindings, spec);
                // one query a day: rows without their day need no date converted each
                for (LocalDate day : queried) {
                    Map<List<Object>, byte[][]> dayRows = rows.computeIfAbsent(day, ignored -> new HashMap<>());
                    DayRange one = new DayRange(day, day);
                    try (QueryResult result = engine.query(
                            sql.byKey(
                                    text
                                            ? sql.windowSketchBytes(aggregate, one)
                                            : sql.windowSketchValues(aggregate, one)),
                            bindings)) {
                        Sketches.build(result, spec.groupBy().size())
                                .forEach((key, sketch) -> dayRows.computeIfAbsent(
                                                        key, ignored -> new byte[sketchAggregates.size()][])[column] =
                                        Sketches.bytes(sketch));
                    }
                }
            }
            List<Field> columns = new ArrayList<>(keys);
            sketchAggregates.forEach(aggregate -> columns.add(Field.of(aggregate.name(), PrimitiveType.BINARY)));
            engine.stage(
                    WindowSql.DAY_SKETCHES,
                    columns,
                    rows.entrySet().stream()
                            .flatMap(day -> day.getValue().entrySet().stream().map(entry -> {
                                List<Object> row =
                                        new ArrayList<>(entry.getKey().size() + 1 + entry.getValue().length);
                                row.add(day.getKey());
                                GroupKeys.addTo(row, entry.getKey());
                                for (byte[] sketch : entry.getValue()) {
                                    row.add(sketch);
                                }
                                return row;
                            }))
                            .iterator());
        }
        try {
            String query = sketchedByEngine
                    .map(sketchOf -> sql.dayStatesSketchedByEngine(queried, sketchOf))
                    .orElseGet(() -> sql.dayStates(queried, true));
            TableName name = spec.dailyTable();
            if (!warehouse.catalog().tableExists(name.identifier())) {
                List<Field> fields = describe(query, bindings, spec);
                Schema schema = TypeConversion.toSchema(fields);
                createNamespace(name);
                warehouse
                        .catalog()
                        .buildTable(name.identifier(), schema)
                        .withPartitionSpec(
                                PartitionSpec.builderFor(schema).identity("dt").build())
                        .withProperty("format-version", "2")
                        .create();
            }
            Table table = session.loadTable(name);
            List<DataFile> files =
                    days.isEmpty() ? List.of() : TableFiles.write(engine, table, query, bindings, Map.of());
            WindowSummary summary = new WindowSummary(spec.definitionDigest(), Optional.empty(), recorded, "");
            Expression replaced =
                    Expressions.in("dt", days.stream().map(LocalDate::toString).toArray());
            long bytesRead = bindings.get(0).bytes();
            new SnapshotCommitter(warehouse.provenance(), clock)
                    .commit(
                            name.toString(),
                            table,
                            current -> {
                                OverwriteFiles overwrite = current.newOverwrite();
                                if (!days.isEmpty()) {
                                    overwrite.overwriteByRowFilter(replaced);
                                }
                                files.forEach(overwrite::addFile);
                                summary.properties().forEach(overwrite::set);
                                return overwrite;
                            },
                            files,
                            context(
                                    "window-aggregate-daily",
                                    query,
                                    startedAt,
                                    bytesRead,
                                    Map.of(spec.source().toString(), source)));
            return files.stream().mapToLong(DataFile::recordCount).sum();
        } finally {
            if (sketchedInJava || aggregator.isPresent()) {
                engine.dropStaged(WindowSql.DAY_SKETCHES);
            }
        }
    }

    private WindowReport writeOutput(
            WindowAggregate spec,
            WindowSql sql,
            Optional<AggregatorColumn<?>> aggregator,
            DayRange range,
            Map<LocalDate, String> recorded,
            DayFiles states,
            List<LocalDate> computed,
            List<LocalDate> reused,
            List<LocalDate> missing,
            long dailyRows,
            Instant startedAt) {
        Map<LocalDate, String> windowDays = new TreeMap<>();
        range.days().forEach(day -> windowDays.put(day, recorded.get(day)));
        long foldBytes = states.bytes(range.days());
        Optional<Table> target = existing(spec.target());
        Optional<WindowSummary> previous = target.flatMap(WindowSummary::of)
                .filter(summary -> summary.definition().equals(spec.definitionDigest())
                        && summary.window().isPresent());
        if (previous.isPresent()
                && previous.get().window().get().equals(range)
                && previous.get().days().equals(windowDays)) {
            List<AggregatePlan> plans = planNames(spec).stream()
                    .map(name -> new AggregatePlan(
                            name,
                            AggregatePlan.Kind.UP_TO_DATE,
                            "the output already covers " + range + " from the same partial states"))
                    .toList();
            return new WindowReport(
                    spec.target().toString(),
                    range,
                    computed,
                    reused,
                    missing,
                    plans,
                    0,
                    foldBytes,
                    dailyRows,
                    0,
                    Optional.of(target.get().currentSnapshot().snapshotId()));
        }
        Optional<String> reuseBlocker = reuseBlocker(previous, range, recorded);
        List<LocalDate> added = new ArrayList<>();
        List<LocalDate> removed = new ArrayList<>();
        long reuseBytes = Long.MAX_VALUE;
        if (reuseBlocker.isEmpty()) {
            DayRange before = previous.get().window().orElseThrow();
            range.days().stream().filter(day -> !before.contains(day)).forEach(added::add);
            before.days().stream().filter(day -> !range.contains(day)).forEach(removed::add);
            reuseBytes = outputBytes(target.get()) + states.bytes(added) + removedBytes(spec, removed);
        }
        boolean blocks = range.days().size() >= MIN_BLOCK_DAYS;
        if (aggregator.isPresent()) {
            return writeAggregatorOutput(
                    spec,
                    sql,
                    aggregator.get(),
                    new Adjustment(range, reuseBlocker, added, removed, reuseBytes, foldBytes, target),
                    recorded,
                    windowDays,
                    new WindowReport(
                            spec.target().toString(),
                            range,
                            computed,
                            reused,
                            missing,
                            List.of(),
                            0,
                            foldBytes,
                            dailyRows,
                            0,
                            Optional.empty()),
                    startedAt);
        }
        List<Aggregate> reusedAggregates = new ArrayList<>();
        List<Aggregate> folded = new ArrayList<>();
        List<Aggregate> blocked = new ArrayList<>();
        List<AggregatePlan> plans = new ArrayList<>();
        for (Aggregate aggregate : spec.aggregates()) {
            boolean extreme = aggregate.function().extreme();
            if (!aggregate.function().invertible() && !extreme) {
                if (blocks) {
                    plans.add(new AggregatePlan(aggregate.name(), AggregatePlan.Kind.BLOCKS, ""));
                    if (aggregate.function() != AggregateFunction.APPROX_COUNT_DISTINCT) {
                        blocked.add(aggregate);
                    }
                } else {
                    plans.add(new AggregatePlan(
                            aggregate.name(),
                            AggregatePlan.Kind.FOLD,
                            aggregate.function().configName() + " cannot take days out again and the window has fewer"
                                    + " than " + MIN_BLOCK_DAYS + " days"));
                    if (aggregate.function() != AggregateFunction.APPROX_COUNT_DISTINCT) {
                        folded.add(aggregate);
                    }
                }
            } else if (reuseBlocker.isPresent()) {
                plans.add(new AggregatePlan(aggregate.name(), AggregatePlan.Kind.FOLD, reuseBlocker.get()));
                folded.add(aggregate);
            } else if (reuseBytes >= foldBytes) {
                plans.add(new AggregatePlan(
                        aggregate.name(),
                        AggregatePlan.Kind.FOLD,
                        "folding reads " + foldBytes + " bytes, adjusting the previous output " + reuseBytes));
                folded.add(aggregate);
            } else {
                plans.add(new AggregatePlan(
                        aggregate.name(),
                        AggregatePlan.Kind.REUSE,
                        "+" + added.size() + " −" + removed.size() + " days: reads " + reuseBytes + " bytes instead of "
                                + foldBytes
                                + (extreme && !removed.isEmpty()
                                        ? "; keys whose " + aggregate.function().configName()
                                                + " a leaving day may have held are folded again"
                                        : "")));
                reusedAggregates.add(aggregate);
            }
        }
        List<BinaryColumn> sketchColumns = sketchAggregates(spec).stream()
                .map(aggregate -> (BinaryColumn) new SketchColumn(aggregate.name()))
                .toList();
        boolean anyBlocked = plans.stream().anyMatch(plan -> plan.kind() == AggregatePlan.Kind.BLOCKS);
        Table dailyTable = session.loadTable(spec.dailyTable());
        DayRange readDays = removed.isEmpty() ? range : new DayRange(removed.get(0), range.end());
        TableBinding dailyBinding = bind(spec.dailyTable(), dailyTable, readDays);
        Map<String, Table> inputs = new TreeMap<>();
        inputs.put(spec.dailyTable().toString(), dailyTable);
        Optional<BlockStates.WindowStates> windowStates = Optional.empty();
        if (anyBlocked) {
            BlockStates.WindowStates blockStates = new BlockStates(
                            warehouse, session, clock, spec, sql, blocked, sketchColumns)
                    .update(
                            range,
                            recorded,
                            dailyBinding,
                            context("window-aggregate-blocks", "", startedAt, dailyBinding.bytes(), inputs));
            windowStates = Optional.of(blockStates);
            plans.replaceAll(plan -> plan.kind() == AggregatePlan.Kind.BLOCKS
                    ? new AggregatePlan(plan.aggregate(), plan.kind(), blockStates.description())
                    : plan);
        }
        List<String> stateQueries = new ArrayList<>();
        if (!reusedAggregates.isEmpty()) {
            stateQueries.add(sql.reuse(reusedAggregates, added, removed, range));
        }
        if (!folded.isEmpty() || (reusedAggregates.isEmpty() && windowStates.isEmpty())) {
            stateQueries.add(sql.fold(folded, reusedAggregates.isEmpty(), range));
        }
        if (windowStates.isPresent() && (!blocked.isEmpty() || stateQueries.isEmpty())) {
            stateQueries.add(sql.foldParts(
                    blocked, stateQueries.isEmpty(), windowStates.get().window().from()));
        }
        List<TableBinding> bindings = new ArrayList<>();
        bindings.add(dailyBinding);
        if (!reusedAggregates.isEmpty()) {
            bindings.add(bind(spec.target(), target.orElseThrow(), range));
        }
        windowStates.ifPresent(chosen -> chosen.window().stored().ifPresent(bindings::add));
        Engine engine = session.engine();
        // the window's sketch estimates: unioned by the engine in the output's statement, or staged from Java
        boolean stagedEstimates = !sketchColumns.isEmpty() && !mergesSketches(engine);
        Optional<String> estimates = Optional.empty();
        if (!sketchColumns.isEmpty() && !stagedEstimates) {
            List<String> parts =
                    windowStates.map(chosen -> chosen.window().from()).orElseGet(() -> List.of(sql.dailyStates(range)));
            estimates = Optional.of("(" + sql.foldedEstimatesByEngine(sketchColumns, parts) + ")");
        } else if (stagedEstimates) {
            estimates = Optional.of(WindowSql.WINDOW_SKETCHES);
            if (windowStates.isPresent()) {
                stageWindowFinished(engine, sql, windowStates.get(), keyFields(dailyTable, spec), sketchColumns);
            } else {
                stageFinished(
                        engine,
                        sql.binaryRows(sketchColumns, List.of(sql.dailyStates(range))),
                        List.of(dailyBinding),
                        keyFields(dailyTable, spec),
                        sketchColumns);
            }
        }
        try {
            String query = sql.output(stateQueries, estimates, range);
            String plan = plan(plans);
            WindowSummary summary =
                    new WindowSummary(spec.definitionDigest(), Optional.of(range), windowDays, plan, reasons(plans));
            long blockBytes =
                    windowStates.map(chosen -> chosen.window().storedBytes()).orElse(0L);
            long estimated = (reusedAggregates.isEmpty() ? 0 : reuseBytes)
                    + (folded.isEmpty() && windowStates.isPresent() ? 0 : foldBytes)
                    + blockBytes;
            Write write = replaceOutput(spec.target(), query, bindings, summary, estimated, startedAt, inputs);
            return new WindowReport(
                    spec.target().toString(),
                    range,
                    computed,
                    reused,
                    missing,
                    plans,
                    estimated,
                    foldBytes,
                    dailyRows
                            + windowStates
                                    .map(BlockStates.WindowStates::rowsWritten)
                                    .orElse(0L),
                    write.rows(),
                    Optional.of(write.snapshotId()));
        } finally {
            if (stagedEstimates) {
                engine.dropStaged(WindowSql.WINDOW_SKETCHES);
            }
        }
    }

    /** How the previous output relates to the new window: whether it can be adjusted, and by which days. */
    private record Adjustment(
            DayRange range,
            Optional<String> blocker,
            List<LocalDate> added,
            List<LocalDate> removed,
            long reuseBytes,
            long foldBytes,
            Optional<Table> target) {}

    /**
     * The output of an aggregate written in Java: the previous output's states with the entering
     * days merged in and the leaving ones taken out (when its merger can unmerge), else merged from
     * block states or folded from every day. {@code report}: what is known so far of this run.
     */
    private WindowReport writeAggregatorOutput(
            WindowAggregate spec,
            WindowSql sql,
            AggregatorColumn<?> column,
            Adjustment adjustment,
            Map<LocalDate, String> recorded,
            Map<LocalDate, String> windowDays,
            WindowReport report,
            Instant startedAt) {
        DayRange range = adjustment.range();
        String name = spec.aggregator().orElseThrow();
        Engine engine = session.engine();
        Table dailyTable = session.loadTable(spec.dailyTable());
        DayRange readDays = adjustment.removed().isEmpty()
                ? range
                : new DayRange(adjustment.removed().get(0), range.end());
        TableBinding dailyBinding = bind(spec.dailyTable(), dailyTable, readDays);
        Map<String, Table> inputs = new TreeMap<>();
        inputs.put(spec.dailyTable().toString(), dailyTable);
        List<TableBinding> bindings = new ArrayList<>(List.of(dailyBinding));
        AggregatePlan plan;
        String states;
        long estimated;
        long blockRows = 0;
        if (adjustment.blocker().isEmpty()
                && column.aggregator().merger().canUnmerge()
                && adjustment.reuseBytes() < adjustment.foldBytes()) {
            plan = new AggregatePlan(
                    name,
                    AggregatePlan.Kind.REUSE,
                    "+" + adjustment.added().size() + " −"
                            + adjustment.removed().size() + " days merged in and taken"
                            + " out of the previous output's states");
            bindings.add(bind(spec.target(), adjustment.target().orElseThrow(), range));
            new AggregatorStates<>(column)
                    .stageAdjusted(
                            engine,
                            sql.signedStates(adjustment.added(), adjustment.removed()),
                            bindings,
                            WindowSql.WINDOW_SKETCHES);
            states = sql.reuse(List.of(), adjustment.added(), adjustment.removed(), range);
            estimated = adjustment.reuseBytes();
        } else if (range.days().size() >= MIN_BLOCK_DAYS) {
            BlockStates.WindowStates blockStates = new BlockStates(
                            warehouse, session, clock, spec, sql, List.of(), List.of(column))
                    .update(
                            range,
                            recorded,
                            dailyBinding,
                            context("window-aggregate-blocks", "", startedAt, dailyBinding.bytes(), inputs));
            String reason = column.aggregator().merger().canUnmerge()
                    ? adjustment.blocker().orElse("merging reads fewer bytes") + "; " + blockStates.description()
                    : blockStates.description();
            plan = new AggregatePlan(name, AggregatePlan.Kind.BLOCKS, reason);
            stageWindowFinished(engine, sql, blockStates, keyFields(dailyTable, spec), List.of(column));
            blockStates.window().stored().ifPresent(bindings::add);
            states = sql.foldParts(List.of(), true, blockStates.window().from());
            estimated = blockStates.window().storedBytes();
            blockRows = blockStates.rowsWritten();
        } else {
            plan = new AggregatePlan(
                    name,
                    AggregatePlan.Kind.FOLD,
                    adjustment.blocker().orElse("the window has fewer than " + MIN_BLOCK_DAYS + " days"));
            stageFinished(
                    engine,
                    sql.binaryRows(List.of(column), List.of(sql.dailyStates(range))),
                    List.of(dailyBinding),
                    keyFields(dailyTable, spec),
                    List.of(column));
            states = sql.fold(List.of(), true, range);
            estimated = adjustment.foldBytes();
        }
        try {
            String query = sql.output(List.of(states), true, range);
            WindowSummary summary = new WindowSummary(
                    spec.definitionDigest(),
                    Optional.of(range),
                    windowDays,
                    plan(List.of(plan)),
                    reasons(List.of(plan)));
            Write write = replaceOutput(spec.target(), query, bindings, summary, estimated, startedAt, inputs);
            return new WindowReport(
                    report.target(),
                    range,
                    report.daysComputed(),
                    report.daysReused(),
                    report.missingDays(),
                    List.of(plan),
                    estimated,
                    adjustment.foldBytes(),
                    report.dailyRowsWritten() + blockRows,
                    write.rows(),
                    Optional.of(write.snapshotId()));
        } finally {
            engine.dropStaged(WindowSql.WINDOW_SKETCHES);
        }
    }

    /**
     * Stages, per key, the finished values of the window's binary states: the prefix's states this
     * run merged, with the suffix's parts merged in, else every part of the window's states.
     */
    private static void stageWindowFinished(
            Engine engine,
            WindowSql sql,
            BlockStates.WindowStates states,
            List<Field> keys,
            List<BinaryColumn> columns) {
        if (states.prefixFolds().isEmpty()) {
            stageFinished(
                    engine,
                    sql.binaryRows(columns, states.window().from()),
                    states.window().bindings(),
                    keys,
                    columns);
            return;
        }
        Map<List<Object>, BinaryColumn.Fold[]> folds = states.prefixFolds().get();
        if (!states.suffix().from().isEmpty()) {
            try (QueryResult rows = engine.query(
                    sql.binaryRows(columns, states.suffix().from()),
                    states.suffix().bindings())) {
                BinaryColumn.fold(rows, keys.size(), columns, folds);
            }
        }
        stageFolds(engine, keys, columns, folds);
    }

    /** Stages, per key, the finished values of binary states merged in Java from {@code query}'s rows. */
    private static void stageFinished(
            Engine engine, String query, List<TableBinding> bindings, List<Field> keys, List<BinaryColumn> columns) {
        Map<List<Object>, BinaryColumn.Fold[]> folds;
        try (QueryResult rows = engine.query(query, bindings)) {
            folds = BinaryColumn.fold(rows, keys.size(), columns);
        }
        stageFolds(engine, keys, columns, folds);
    }

    private static void stageFolds(
            Engine engine, List<Field> keys, List<BinaryColumn> columns, Map<List<Object>, BinaryColumn.Fold[]> folds) {
        List<Field> staged = new ArrayList<>(keys);
        columns.forEach(column -> staged.addAll(column.finishedColumns()));
        engine.stage(
                WindowSql.WINDOW_SKETCHES,
                staged,
                folds.entrySet().stream()
                        .map(entry -> {
                            List<Object> row = GroupKeys.row(entry.getKey(), staged.size() - keys.size());
                            for (BinaryColumn.Fold fold : entry.getValue()) {
                                row.addAll(fold.finish());
                            }
                            return row;
                        })
                        .iterator());
    }

    private static Optional<String> reuseBlocker(
            Optional<WindowSummary> previous, DayRange range, Map<LocalDate, String> recorded) {
        if (previous.isEmpty()) {
            return Optional.of("no previous output of this definition");
        }
        DayRange before = previous.get().window().orElseThrow();
        if (before.start().isAfter(range.start()) || before.end().isAfter(range.end())) {
            return Optional.of("the window moved back (previous output covers " + before + ")");
        }
        for (LocalDate day : before.days()) {
            String then = previous.get().days().get(day);
            if (then == null || !then.equals(recorded.get(day))) {
                return Optional.of("the partial state of " + day + " changed since the previous output");
            }
        }
        return Optional.empty();
    }

    private long removedBytes(WindowAggregate spec, List<LocalDate> removed) {
        if (removed.isEmpty()) {
            return 0;
        }
        Table daily = session.loadTable(spec.dailyTable());
        return DayFiles.of(
                        daily,
                        spec.dailyTable().toString(),
                        new DayRange(removed.get(0), removed.get(removed.size() - 1)))
                .bytes(removed);
    }

    private static long outputBytes(Table target) {
        Snapshot snapshot = target.currentSnapshot();
        return snapshot == null ? 0 : Long.parseLong(snapshot.summary().getOrDefault("total-files-size", "0"));
    }

    /** What each aggregate reused and why, for the output's snapshot summary. */
    private static String reasons(List<AggregatePlan> plans) {
        return plans.stream()
                .map(plan -> plan.aggregate() + ": " + plan.reason())
                .collect(Collectors.joining("; "));
    }

    private static String plan(List<AggregatePlan> plans) {
        return plans.stream()
                .map(plan -> plan.aggregate() + "=" + plan.kind().displayName())
                .collect(Collectors.joining(","));
    }

    private List<Field> keyFields(WindowAggregate spec, WindowSql sql, List<TableBinding> bindings, DayRange range) {
        return describe(sql.direct(range), bindings, spec)
                .subList(0, spec.groupBy().size());
    }

    static List<Field> keyFields(Table daily, WindowAggregate spec) {
        List<Field> fields = TypeConversion.toFields(daily.schema());
        return spec.groupBy().stream()
                .map(key -> fields.stream()
                        .filter(field -> field.name().equals(key))
                        .findFirst()
                        .orElseThrow())
                .map(field -> Field.of(field.name(), field.type()))
                .toList();
    }

    /**
     * Stages the estimate per key of every approximate distinct count, built from the distinct
     * values {@code queryOf} returns (the full recompute); false when the step has none.
     */
    private boolean stageWindowSketches(
            WindowAggregate spec,
            Engine engine,
            List<TableBinding> bindings,
            java.util.function.Function<Aggregate, String> queryOf,
            List<Field> keys) {
        List<Aggregate> sketchAggregates = sketchAggregates(spec);
        if (sketchAggregates.isEmpty()) {
            return false;
        }
        Map<List<Object>, Long[]> rows = new HashMap<>();
        for (int i = 0; i < sketchAggregates.size(); i++) {
            Aggregate aggregate = sketchAggregates.get(i);
            String query = queryOf.apply(aggregate);
            Map<List<Object>, Long> estimates;
            try (QueryResult result = engine.query(query, bindings)) {
                estimates = Sketches.estimateFromValues(result, keys.size());
            }
            int column = i;
            estimates.forEach((key, estimate) ->
                    rows.computeIfAbsent(key, ignored -> new Long[sketchAggregates.size()])[column] = estimate);
        }
        List<Field> columns = new ArrayList<>(keys);
        sketchAggregates.forEach(aggregate -> columns.add(Field.of(aggregate.name(), PrimitiveType.BIGINT)));
        engine.stage(
                WindowSql.WINDOW_SKETCHES,
                columns,
                rows.entrySet().stream()
                        .map(entry -> {
                            List<Object> row = GroupKeys.row(entry.getKey(), entry.getValue().length);
                            row.addAll(List.of((Object[]) entry.getValue()));
                            return row;
                        })
                        .iterator());
        return true;
    }

    private record Write(long snapshotId, long rows) {}

    /** Replaces the output's rows with the query's in one snapshot; older outputs stay as snapshots. */
    private Write replaceOutput(
            TableName name,
            String query,
            List<TableBinding> bindings,
            WindowSummary summary,
            long bytesRead,
            Instant startedAt,
            Map<String, Table> inputs) {
        Engine engine = session.engine();
        List<Field> fields = engine.describe(query, bindings);
        Schema schema = TypeConversion.toSchema(fields);
        CommitContext context = context("window-aggregate", query, startedAt, bytesRead, inputs);
        SnapshotCommitter committer = new SnapshotCommitter(warehouse.provenance(), clock);
        Optional<Table> existing = existing(name);
        if (existing.isPresent() && sameColumns(existing.get(), fields)) {
            Table table = existing.get();
            List<DataFile> files = TableFiles.write(engine, table, query, bindings, Map.of());
            SnapshotCommitter.CommitResult result = committer.commit(
                    name.toString(),
                    table,
                    current -> {
                        OverwriteFiles overwrite =
                                current.newOverwrite().overwriteByRowFilter(Expressions.alwaysTrue());
                        files.forEach(overwrite::addFile);
                        summary.properties().forEach(overwrite::set);
                        return overwrite;
                    },
                    files,
                    context);
            return new Write(result.snapshotId(), result.rows());
        }
        createNamespace(name);
        Transaction transaction = existing.isPresent()
                ? warehouse
                        .catalog()
                        .buildTable(name.identifier(), schema)
                        .withProperty("format-version", "2")
                        .replaceTransaction()
                : warehouse
                        .catalog()
                        .buildTable(name.identifier(), schema)
                        .withProperty("format-version", "2")
                        .createTransaction();
        Table table = transaction.table();
        List<DataFile> files = TableFiles.write(engine, table, query, bindings, Map.of());
        long rows = files.stream().mapToLong(DataFile::recordCount).sum();
        long bytes = files.stream().mapToLong(DataFile::fileSizeInBytes).sum();
        AppendFiles append = transaction.newAppend();
        files.forEach(append::appendFile);
        SnapshotCommitter.summary(context, rows, bytes, files.size(), clock.instant())
                .forEach(append::set);
        summary.properties().forEach(append::set);
        append.commit();
        transaction.commitTransaction();
        Table committed = session.loadTable(name);
        committer.record(name.toString(), committed.currentSnapshot().snapshotId(), rows, bytes, files.size(), context);
        return new Write(committed.currentSnapshot().snapshotId(), rows);
    }

    private static boolean sameColumns(Table table, List<Field> fields) {
        List<Field> current = TypeConversion.toFields(table.schema());
        if (current.size() != fields.size()) {
            return false;
        }
        for (int i = 0; i < fields.size(); i++) {
            if (!current.get(i).name().equals(fields.get(i).name())
                    || !current.get(i).type().equals(fields.get(i).type())) {
                return false;
            }
        }
        return true;
    }

    private CommitContext context(
            String operation, String sql, Instant startedAt, long bytesRead, Map<String, Table> inputs) {
        Map<String, Long> snapshots = new TreeMap<>();
        inputs.forEach((name, table) -> {
            if (table.currentSnapshot() != null) {
                snapshots.put(name, table.currentSnapshot().snapshotId());
            }
        });
        return new CommitContext(operation, principal, sql, startedAt, bytesRead, snapshots);
    }

    private void createNamespace(TableName name) {
        Namespace namespace = name.identifier().namespace();
        if (!warehouse.catalog().namespaceExists(namespace)) {
            try {
                warehouse.catalog().createNamespace(namespace);
            } catch (org.apache.iceberg.exceptions.AlreadyExistsException e) {
                // created by a concurrent writer: what we wanted
            }
        }
    }
}
