package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.PrimitiveType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SQL of a window step. Three shapes of state: a day's partial state (one row per day and
 * key, in {@code target__daily}), the window's state (the output's columns, with the hidden sums
 * and counts that averages and sums need to be adjusted later) and the output values derived from
 * it. Approximate distinct counts are not SQL everywhere: their sketches are built and merged in
 * Java and joined in from staged relations, or, on an engine with DataSketches functions, in SQL.
 * The SQL is the pipeline dialect (Hive/Spark SQL), so every engine runs the same text.
 */
final class WindowSql {
    static final String DAY_SKETCHES = "window_day_sketches";
    static final String WINDOW_SKETCHES = "window_sketches";
    static final String BLOCK_STATES = "window_block_states";

    private final WindowAggregate spec;
    private final Set<String> integralSums;
    private final Optional<AggregatorColumn<?>> aggregator;

    /**
     * {@code integralSums}: the sum aggregates whose argument is an integer type (summed as BIGINT,
     * else DOUBLE); {@code aggregator}: the step's aggregate written in Java, if it has one.
     */
    WindowSql(WindowAggregate spec, Set<String> integralSums, Optional<AggregatorColumn<?>> aggregator) {
        this.spec = requireNonNull(spec, "spec is null");
        this.integralSums = Set.copyOf(integralSums);
        this.aggregator = requireNonNull(aggregator, "aggregator is null");
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    static String date(LocalDate day) {
        return "DATE '" + day + "'";
    }

    static String dateList(Collection<LocalDate> days) {
        return days.stream().map(WindowSql::date).collect(Collectors.joining(", "));
    }

    private String keys(String prefix) {
        return spec.groupBy().stream().map(key -> prefix + quote(key)).collect(Collectors.joining(", "));
    }

    private String keysAnd(String prefix) {
        return spec.groupBy().isEmpty() ? "" : keys(prefix) + ", ";
    }

    private String groupByKeys() {
        return spec.groupBy().isEmpty() ? "" : " GROUP BY " + keys("");
    }

    private String nullSafeJoin(String left, String right) {
        if (spec.groupBy().isEmpty()) {
            return "true";
        }
        return spec.groupBy().stream()
                .map(key -> left + "." + quote(key) + " IS NOT DISTINCT FROM " + right + "." + quote(key))
                .collect(Collectors.joining(" AND "));
    }

    private String sumType(Aggregate aggregate) {
        return integralSums.contains(aggregate.name()) ? "BIGINT" : "DOUBLE";
    }

    private String sourceRows(String daysCondition) {
        return "SELECT * FROM " + spec.source() + " WHERE " + daysCondition
                + spec.filter().map(filter -> " AND (" + filter + ")").orElse("");
    }

    /** The source's distinct non-NULL values of {@code aggregate} per key over the days of {@code range}. */
    String windowSketchValues(Aggregate aggregate, DayRange range) {
        return "SELECT " + keysAnd("") + "(" + aggregate.argument().orElseThrow() + ") AS sketch_value FROM ("
                + sourceRows("dt BETWEEN " + date(range.start()) + " AND " + date(range.end()))
                + ") AS source_rows WHERE (" + aggregate.argument().orElseThrow() + ") IS NOT NULL GROUP BY ALL";
    }

    /**
     * {@link #windowSketchValues} of a text argument, each value as its UTF-8 bytes: a sketch of a
     * string is the sketch of those bytes, and bytes cross from the engine at a fraction of the cost
     * of strings.
     */
    String windowSketchBytes(Aggregate aggregate, DayRange range) {
        return "SELECT " + keysAnd("") + "encode(sketch_value, 'UTF-8') AS sketch_value FROM ("
                + windowSketchValues(aggregate, range) + ") AS text_values";
    }

    /**
     * The rows of {@code query} (keys first) with each key's rows together, so that sketches are built
     * one key after another rather than looked up row by row.
     */
    String byKey(String query) {
        return spec.groupBy().isEmpty() ? query : "SELECT * FROM (" + query + ") AS key_values ORDER BY " + keys("");
    }

    /** {@code dt} and the source columns an aggregator written in Java reads, of the rows of {@code days}. */
    String aggregatorRows(Collection<LocalDate> days) {
        return aggregatorRows("dt IN (" + dateList(days) + ")");
    }

    /** {@code dt} and the source columns an aggregator written in Java reads, of the rows of {@code range}. */
    String aggregatorRows(DayRange range) {
        return aggregatorRows("dt BETWEEN " + date(range.start()) + " AND " + date(range.end()));
    }

    private String aggregatorRows(String daysCondition) {
        return "SELECT dt, "
                + aggregator.orElseThrow().aggregator().sourceColumns().stream()
                        .map(WindowSql::quote)
                        .collect(Collectors.joining(", "))
                + " FROM (" + sourceRows(daysCondition) + ") AS source_rows";
    }

    /**
     * Rows {@code keys…, window_state, sign}: the previous output's states (sign 1), those of the
     * days that entered the window (1) and of those that left it (-1).
     */
    String signedStates(List<LocalDate> added, List<LocalDate> removed) {
        String state = keysAnd("") + quote(AggregatorColumn.NAME);
        List<String> parts = new ArrayList<>();
        parts.add("SELECT " + state + ", 1 AS sign FROM " + spec.target());
        if (!added.isEmpty()) {
            parts.add("SELECT " + state + ", 1 AS sign FROM " + spec.dailyTable() + " WHERE dt IN (" + dateList(added)
                    + ")");
        }
        if (!removed.isEmpty()) {
            parts.add("SELECT " + state + ", -1 AS sign FROM " + spec.dailyTable() + " WHERE dt IN ("
                    + dateList(removed) + ")");
        }
        return String.join("\nUNION ALL ", parts);
    }

    /** Each day's partial state per key; sketches come from {@link #DAY_SKETCHES} when {@code sketches}. */
    String dayStates(Collection<LocalDate> days, boolean sketches) {
        return dayStates(days, sketches, Map.of());
    }

    /**
     * Each day's partial state per key with its sketches built by the engine: {@code sketchOf} gives
     * each approximate distinct count's sketch aggregate ({@link #engineSketch}). A key's day with
     * no value to sketch gets NULL, as when the sketches are built in Java.
     */
    String dayStatesSketchedByEngine(Collection<LocalDate> days, Map<String, String> sketchOf) {
        return dayStates(days, false, sketchOf);
    }

    private String dayStates(Collection<LocalDate> days, boolean sketches, Map<String, String> sketchOf) {
        if (aggregator.isPresent()) {
            // mapped and accumulated in Java
            return "SELECT * FROM " + DAY_SKETCHES;
        }
        List<String> columns = new ArrayList<>();
        columns.add("count(*) AS window_rows");
        for (Aggregate aggregate : spec.aggregates()) {
            String name = quote(aggregate.name());
            String argument = aggregate.argument().map(text -> "(" + text + ")").orElse("");
            String time = spec.timeColumn().map(WindowSql::quote).orElse("");
            switch (aggregate.function()) {
                case COUNT, COUNT_IF, SUM, AVG, MIN, MAX -> columns.addAll(directColumns(aggregate));
                case COUNT_DISTINCT -> columns.add("collect_set(" + argument + ") AS " + name);
                case FIRST, LAST -> {
                    String filter = " FILTER (WHERE " + argument + " IS NOT NULL AND " + time + " IS NOT NULL)";
                    boolean first = aggregate.function() == AggregateFunction.FIRST;
                    columns.add(
                            (first ? "min_by(" : "max_by(") + argument + ", " + time + ")" + filter + " AS " + name);
                    columns.add((first ? "min(" : "max(") + time + ")" + filter + " AS " + hidden(aggregate, "time"));
                }
                case APPROX_COUNT_DISTINCT -> {
                    // joined in below
                }
            }
        }
        for (Aggregate aggregate : spec.aggregates()) {
            if (sketchOf.containsKey(aggregate.name())) {
                columns.add("CASE WHEN count(" + aggregate.argument().orElseThrow() + ") > 0 THEN "
                        + sketchOf.get(aggregate.name()) + " END AS " + quote(aggregate.name()));
            }
        }
        String states = "SELECT dt, " + keysAnd("") + String.join(", ", columns) + " FROM ("
                + sourceRows("dt IN (" + dateList(days) + ")") + ") AS source_rows GROUP BY dt"
                + (spec.groupBy().isEmpty() ? "" : ", " + keys(""));
        List<String> sketchColumns = spec.aggregates().stream()
                .filter(aggregate -> aggregate.function() == AggregateFunction.APPROX_COUNT_DISTINCT)
                .map(aggregate -> "sketches." + quote(aggregate.name()))
                .toList();
        if (!sketches || sketchColumns.isEmpty()) {
            return states;
        }
        return "SELECT states.*, " + String.join(", ", sketchColumns) + " FROM (" + states + ") AS states LEFT JOIN "
                + DAY_SKETCHES + " AS sketches ON states.dt = sketches.dt AND " + nullSafeJoin("states", "sketches");
    }

    /**
     * The engine's sketch aggregate of {@code aggregate}'s values of {@code type}, when the engine
     * hashes them as the Java sketches do: text and binary values as their bytes, integers as
     * 64-bit integers. Empty for other types, whose sketches are built in Java.
     */
    static Optional<String> engineSketch(Aggregate aggregate, DataType type) {
        String argument = "(" + aggregate.argument().orElseThrow() + ")";
        if (type == PrimitiveType.STRING || type == PrimitiveType.BINARY || type == PrimitiveType.BIGINT) {
            return Optional.of("hll_sketch_agg(" + argument + ", " + Sketches.LG_CONFIG_K + ")");
        }
        if (type == PrimitiveType.INTEGER) {
            return Optional.of("hll_sketch_agg(CAST(" + argument + " AS BIGINT), " + Sketches.LG_CONFIG_K + ")");
        }
        return Optional.empty();
    }

    /**
     * {@code keys, estimate per approximate distinct count} over the source rows of {@code range},
     * the sketches built by the engine ({@code sketchOf}, as for {@link #dayStatesSketchedByEngine}).
     */
    String windowEstimatesByEngine(DayRange range, Map<String, String> sketchOf) {
        List<String> columns = new ArrayList<>();
        sketchOf.forEach((name, sketch) -> columns.add("hll_sketch_estimate(" + sketch + ") AS " + quote(name)));
        return "SELECT " + keysAnd("") + String.join(", ", columns) + " FROM ("
                + sourceRows("dt BETWEEN " + date(range.start()) + " AND " + date(range.end())) + ") AS source_rows"
                + groupByKeys();
    }

    /**
     * {@code keys, [window_rows,] sketch columns}: the sketches of {@code parts} unioned per key by
     * the engine, with their rows summed when {@code withRows}.
     */
    String sketchUnions(List<BinaryColumn> sketches, List<String> parts, boolean withRows) {
        String unions = sketches.stream()
                .map(column -> quote(column.name()))
                .map(name -> "hll_union_agg(" + name + ", false) AS " + name)
                .collect(Collectors.joining(", "));
        return "SELECT " + keysAnd("") + (withRows ? "CAST(sum(window_rows) AS BIGINT) AS window_rows, " : "")
                + unions + " FROM (" + (withRows ? countedBinaryRows(sketches, parts) : binaryRows(sketches, parts))
                + ") AS parts" + groupByKeys();
    }

    /** {@code keys, estimate per sketch column} of the sketches of {@code parts} unioned by the engine. */
    String foldedEstimatesByEngine(List<BinaryColumn> sketches, List<String> parts) {
        String estimates = sketches.stream()
                .map(column -> quote(column.name()))
                .map(name -> "hll_sketch_estimate(hll_union_agg(" + name + ", false)) AS " + name)
                .collect(Collectors.joining(", "));
        return "SELECT " + keysAnd("") + estimates + " FROM (" + binaryRows(sketches, parts) + ") AS parts"
                + groupByKeys();
    }

    /** The window's state of {@code aggregates} folded from the daily partial states in {@code range}. */
    String fold(List<Aggregate> aggregates, boolean withRows, DayRange range) {
        return fold(aggregates, withRows, dailyStates(range));
    }

    /** The daily partial states of the days in {@code range}: a relation with a condition, one of a fold's parts. */
    String dailyStates(DayRange range) {
        return spec.dailyTable() + " WHERE dt BETWEEN " + date(range.start()) + " AND " + date(range.end());
    }

    /**
     * The window's state of {@code aggregates} folded from the union of {@code parts}, each a
     * relation of states (a day's or a block's, see {@link #mergeStates}) with a condition.
     */
    String foldParts(List<Aggregate> aggregates, boolean withRows, List<String> parts) {
        return fold(aggregates, withRows, "(" + stateRows(aggregates, parts) + ") AS parts");
    }

    private String fold(List<Aggregate> aggregates, boolean withRows, String relation) {
        List<String> columns = new ArrayList<>();
        if (withRows) {
            columns.add("CAST(sum(window_rows) AS BIGINT) AS window_rows");
        }
        for (Aggregate aggregate : aggregates) {
            String name = quote(aggregate.name());
            switch (aggregate.function()) {
                case COUNT, COUNT_IF -> columns.add("CAST(sum(" + name + ") AS BIGINT) AS " + name);
                case SUM -> {
                    columns.add("CAST(sum(" + name + ") AS " + sumType(aggregate) + ") AS " + name);
                    columns.add(sumOf(hidden(aggregate, "count")));
                }
                case AVG -> {
                    columns.add("CAST(sum(" + hidden(aggregate, "sum") + ") AS DOUBLE) AS " + hidden(aggregate, "sum"));
                    columns.add(sumOf(hidden(aggregate, "count")));
                }
                case MIN, MAX -> columns.add(aggregate.function().configName() + "(" + name + ") AS " + name);
                case COUNT_DISTINCT -> columns.add("CAST(size(" + distinctElements(name) + ") AS BIGINT) AS " + name);
                case FIRST -> columns.add("min_by(" + name + ", " + hidden(aggregate, "time") + ") AS " + name);
                case LAST -> columns.add("max_by(" + name + ", " + hidden(aggregate, "time") + ") AS " + name);
                case APPROX_COUNT_DISTINCT -> throw new IllegalArgumentException("sketches are folded in Java");
            }
        }
        return "SELECT " + keysAnd("") + String.join(", ", columns) + " FROM " + relation + groupByKeys();
    }

    /** The state columns of aggregates merged in SQL: those of a day's state, which a block's state shares. */
    private static List<String> stateColumns(List<Aggregate> aggregates) {
        List<String> columns = new ArrayList<>();
        for (Aggregate aggregate : aggregates) {
            columns.add(quote(aggregate.name()));
            if (aggregate.function().byTime()) {
                columns.add(hidden(aggregate, "time"));
            }
        }
        return columns;
    }

    /** {@code keys, window_rows, state columns} of every part ({@code relation [WHERE …]}), one after another. */
    private String stateRows(List<Aggregate> aggregates, List<String> parts) {
        List<String> columns = new ArrayList<>();
        columns.add("window_rows");
        columns.addAll(stateColumns(aggregates));
        String select = "SELECT " + keysAnd("") + String.join(", ", columns) + " FROM ";
        return parts.stream().map(part -> select + part).collect(Collectors.joining("\nUNION ALL "));
    }

    /** {@code keys, binary state columns} of every part, one after another, for merging in Java. */
    String binaryRows(List<BinaryColumn> binaries, List<String> parts) {
        return binaryRows(binaries, parts, "");
    }

    /** {@code keys, window_rows, binary state columns} of every part, one after another, for merging in Java. */
    String countedBinaryRows(List<BinaryColumn> binaries, List<String> parts) {
        return binaryRows(binaries, parts, "window_rows, ");
    }

    private String binaryRows(List<BinaryColumn> binaries, List<String> parts, String counts) {
        String select = "SELECT " + keysAnd("") + counts
                + binaries.stream().map(column -> quote(column.name())).collect(Collectors.joining(", ")) + " FROM ";
        return parts.stream().map(part -> select + part).collect(Collectors.joining("\nUNION ALL "));
    }

    /**
     * One state per key merged from the states of {@code parts}, with the columns of a day's state
     * for {@code aggregates} (merged in SQL) and {@code window_rows}; the binary states, merged in
     * Java, are joined in from {@link #BLOCK_STATES}.
     */
    String mergeStates(List<Aggregate> aggregates, List<BinaryColumn> binaries, List<String> parts) {
        return mergeStates(aggregates, binaries, parts, BLOCK_STATES);
    }

    /**
     * As {@link #mergeStates(List, List, List)}, with the binary states joined in from {@code
     * binaryStates}: a staged relation or a parenthesized query ({@link #sketchUnions}).
     */
    String mergeStates(
            List<Aggregate> aggregates, List<BinaryColumn> binaries, List<String> parts, String binaryStates) {
        List<String> columns = new ArrayList<>();
        columns.add("CAST(sum(window_rows) AS BIGINT) AS window_rows");
        for (Aggregate aggregate : aggregates) {
            String name = quote(aggregate.name());
            switch (aggregate.function()) {
                case MIN, MAX -> columns.add(aggregate.function().configName() + "(" + name + ") AS " + name);
                case COUNT_DISTINCT -> columns.add(distinctElements(name) + " AS " + name);
                case FIRST, LAST -> {
                    boolean first = aggregate.function() == AggregateFunction.FIRST;
                    String time = hidden(aggregate, "time");
                    columns.add((first ? "min_by(" : "max_by(") + name + ", " + time + ") AS " + name);
                    columns.add((first ? "min(" : "max(") + time + ") AS " + time);
                }
                default -> throw new IllegalArgumentException(aggregate.name() + " is merged by the previous output");
            }
        }
        String merged = "SELECT " + keysAnd("") + String.join(", ", columns) + " FROM (" + stateRows(aggregates, parts)
                + ") AS parts" + groupByKeys();
        if (binaries.isEmpty()) {
            return merged;
        }
        return "SELECT merged.*, "
                + binaries.stream()
                        .map(column -> "binary_states." + quote(column.name()))
                        .collect(Collectors.joining(", "))
                + " FROM (" + merged + ") AS merged LEFT JOIN " + binaryStates + " AS binary_states ON "
                + nullSafeJoin("merged", "binary_states");
    }

    /** The distinct elements of the sets in {@code column} over a group (sets never hold NULL). */
    private static String distinctElements(String column) {
        return "array_distinct(flatten(collect_list(" + column + ")))";
    }

    private static String sumOf(String column) {
        return "CAST(sum(" + column + ") AS BIGINT) AS " + column;
    }

    /**
     * The window's state of the invertible and extreme {@code aggregates}: the previous output's,
     * plus the days that entered the window, minus the days that left it; keys left with no rows
     * drop out. An extreme (min, max) takes the previous output's value and the entering days'; a
     * key whose previous value a leaving day may have held ({@link #leavingExtremes}) is folded
     * again from the window's days instead.
     */
    String reuse(List<Aggregate> aggregates, List<LocalDate> added, List<LocalDate> removed, DayRange range) {
        List<String> stateColumns = new ArrayList<>();
        stateColumns.add("window_rows");
        List<Aggregate> extremes = new ArrayList<>();
        for (Aggregate aggregate : aggregates) {
            switch (aggregate.function()) {
                case COUNT, COUNT_IF -> stateColumns.add(quote(aggregate.name()));
                case SUM -> {
                    stateColumns.add(quote(aggregate.name()));
                    stateColumns.add(hidden(aggregate, "count"));
                }
                case AVG -> {
                    stateColumns.add(hidden(aggregate, "sum"));
                    stateColumns.add(hidden(aggregate, "count"));
                }
                case MIN, MAX -> extremes.add(aggregate);
                default -> throw new IllegalArgumentException(aggregate.name() + " is not invertible");
            }
        }
        List<String> extremeColumns =
                extremes.stream().map(aggregate -> quote(aggregate.name())).toList();
        boolean refolded = !extremes.isEmpty() && !removed.isEmpty();
        String plain = String.join(", ", stateColumns);
        List<String> parts = new ArrayList<>();
        if (refolded) {
            String leaving = "(" + leavingExtremes(extremes, removed) + ") AS leaving";
            List<String> kept = new ArrayList<>();
            stateColumns.forEach(column -> kept.add("previous." + column));
            extremeColumns.forEach(column ->
                    kept.add("CASE WHEN leaving.window_refold IS NULL THEN previous." + column + " END AS " + column));
            parts.add("SELECT " + keysAnd("previous.") + String.join(", ", kept) + " FROM " + spec.target()
                    + " AS previous LEFT JOIN " + leaving + " ON " + nullSafeJoin("previous", "leaving"));
            List<String> window = new ArrayList<>();
            stateColumns.forEach(column -> window.add("0 AS " + column));
            extremeColumns.forEach(column -> window.add("days." + column));
            parts.add("SELECT " + keysAnd("days.") + String.join(", ", window) + " FROM " + spec.dailyTable()
                    + " AS days JOIN " + leaving + " ON " + nullSafeJoin("days", "leaving") + " WHERE days.dt BETWEEN "
                    + date(range.start()) + " AND " + date(range.end())
                    + (added.isEmpty() ? "" : " AND days.dt NOT IN (" + dateList(added) + ")"));
        } else {
            List<String> kept = new ArrayList<>(stateColumns);
            kept.addAll(extremeColumns);
            parts.add("SELECT " + keysAnd("") + String.join(", ", kept) + " FROM " + spec.target());
        }
        if (!added.isEmpty()) {
            List<String> entering = new ArrayList<>(stateColumns);
            entering.addAll(extremeColumns);
            parts.add("SELECT " + keysAnd("") + String.join(", ", entering) + " FROM " + spec.dailyTable()
                    + " WHERE dt IN (" + dateList(added) + ")");
        }
        if (!removed.isEmpty()) {
            List<String> negated = new ArrayList<>();
            stateColumns.forEach(column -> negated.add("-" + column + " AS " + column));
            extremeColumns.forEach(column -> negated.add("NULL AS " + column));
            parts.add("SELECT " + keysAnd("") + String.join(", ", negated) + " FROM " + spec.dailyTable()
                    + " WHERE dt IN (" + dateList(removed) + ")");
        }
        List<String> sums = new ArrayList<>();
        for (String column : stateColumns) {
            String type = "BIGINT";
            for (Aggregate aggregate : aggregates) {
                if (column.equals(quote(aggregate.name())) && aggregate.function() == AggregateFunction.SUM) {
                    type = sumType(aggregate);
                } else if (column.equals(hidden(aggregate, "sum"))) {
                    type = "DOUBLE";
                }
            }
            sums.add("CAST(sum(" + column + ") AS " + type + ") AS " + column);
        }
        for (Aggregate aggregate : extremes) {
            String name = quote(aggregate.name());
            sums.add(aggregate.function().configName() + "(" + name + ") AS " + name);
        }
        return "SELECT " + keysAnd("") + String.join(", ", sums) + " FROM ("
                + String.join("\nUNION ALL ", parts) + ") AS contributions" + groupByKeys()
                + " HAVING sum(window_rows) > 0";
    }

    /**
     * The keys for which a day that left the window holds a value of some extreme at least as
     * extreme as the previous output's (it may have been that value), one row each.
     */
    private String leavingExtremes(List<Aggregate> extremes, List<LocalDate> removed) {
        String condition = extremes.stream()
                .map(aggregate -> {
                    String name = quote(aggregate.name());
                    String comparison = aggregate.function() == AggregateFunction.MAX ? " >= " : " <= ";
                    return "removed." + name + comparison + "stored." + name;
                })
                .collect(Collectors.joining(" OR "));
        return "SELECT DISTINCT " + keysAnd("stored.") + "1 AS window_refold FROM " + spec.target()
                + " AS stored JOIN " + spec.dailyTable() + " AS removed ON " + nullSafeJoin("stored", "removed")
                + " WHERE removed.dt IN (" + dateList(removed) + ") AND (" + condition + ")";
    }

    /**
     * The columns of a count, count_if, sum, average, minimum or maximum over source rows (with the
     * hidden counts and sums that merge them): the same for a day's partial state and for a window
     * computed straight from the rows.
     */
    private List<String> directColumns(Aggregate aggregate) {
        String name = quote(aggregate.name());
        String argument = aggregate.argument().map(text -> "(" + text + ")").orElse("");
        return switch (aggregate.function()) {
            case COUNT -> List.of("count(*) AS " + name);
            case COUNT_IF -> List.of("count(*) FILTER (WHERE " + argument + ") AS " + name);
            case SUM ->
                List.of(
                        "CAST(sum(" + argument + ") AS " + sumType(aggregate) + ") AS " + name,
                        "count(" + argument + ") AS " + hidden(aggregate, "count"));
            case AVG ->
                List.of(
                        "CAST(sum(" + argument + ") AS DOUBLE) AS " + hidden(aggregate, "sum"),
                        "count(" + argument + ") AS " + hidden(aggregate, "count"));
            case MIN, MAX -> List.of(aggregate.function().configName() + "(" + argument + ") AS " + name);
            default -> throw new IllegalArgumentException("not computed by directColumns: " + aggregate);
        };
    }

    /** The window's state of every SQL aggregate computed straight from the source rows (the full recompute). */
    String direct(DayRange range) {
        List<String> columns = new ArrayList<>();
        columns.add("count(*) AS window_rows");
        String time = spec.timeColumn().map(WindowSql::quote).orElse("");
        for (Aggregate aggregate : spec.aggregates()) {
            String name = quote(aggregate.name());
            String argument = aggregate.argument().map(text -> "(" + text + ")").orElse("");
            switch (aggregate.function()) {
                case COUNT, COUNT_IF, SUM, AVG, MIN, MAX -> columns.addAll(directColumns(aggregate));
                case COUNT_DISTINCT -> columns.add("count(DISTINCT " + argument + ") AS " + name);
                case FIRST, LAST -> {
                    String filter = " FILTER (WHERE " + argument + " IS NOT NULL AND " + time + " IS NOT NULL)";
                    columns.add((aggregate.function() == AggregateFunction.FIRST ? "min_by(" : "max_by(") + argument
                            + ", " + time + ")" + filter + " AS " + name);
                }
                case APPROX_COUNT_DISTINCT -> {
                    // joined in from Java
                }
            }
        }
        return "SELECT " + keysAnd("") + String.join(", ", columns) + " FROM ("
                + sourceRows("dt BETWEEN " + date(range.start()) + " AND " + date(range.end())) + ") AS source_rows"
                + groupByKeys();
    }

    /**
     * Joins window states computed separately (each {@code SELECT keys, columns}), which cover the
     * same keys, and the staged sketch estimates, into the output's rows.
     */
    String output(List<String> states, boolean sketches, DayRange range) {
        return output(states, sketches ? Optional.of(WINDOW_SKETCHES) : Optional.empty(), range);
    }

    /**
     * As {@link #output(List, boolean, DayRange)}, with the sketch estimates (or an aggregator's
     * finished values) joined in from {@code sketches}: a staged relation or a parenthesized query.
     */
    String output(List<String> states, Optional<String> sketches, DayRange range) {
        StringBuilder from = new StringBuilder("(" + states.get(0) + ") AS s0");
        for (int i = 1; i < states.size(); i++) {
            from.append(" JOIN (")
                    .append(states.get(i))
                    .append(") AS s")
                    .append(i)
                    .append(" ON ")
                    .append(nullSafeJoin("s0", "s" + i));
        }
        if (sketches.isPresent()) {
            from.append(" LEFT JOIN ")
                    .append(sketches.get())
                    .append(" AS sketches ON ")
                    .append(nullSafeJoin("s0", "sketches"));
        }
        List<String> columns = new ArrayList<>();
        spec.groupBy().forEach(key -> columns.add("s0." + quote(key)));
        for (Aggregate aggregate : spec.aggregates()) {
            String name = quote(aggregate.name());
            String count = hidden(aggregate, "count");
            switch (aggregate.function()) {
                case SUM -> {
                    columns.add("CASE WHEN " + count + " > 0 THEN " + name + " END AS " + name);
                    columns.add(count);
                }
                case AVG -> {
                    String sum = hidden(aggregate, "sum");
                    columns.add("CASE WHEN " + count + " > 0 THEN " + sum + " / " + count + " END AS " + name);
                    columns.add(sum);
                    columns.add(count);
                }
                case APPROX_COUNT_DISTINCT -> columns.add("coalesce(sketches." + name + ", 0) AS " + name);
                default -> columns.add(name);
            }
        }
        List<String> finished = aggregator
                .map(column -> column.finishedColumns().stream()
                        .map(field -> field.name())
                        .toList())
                .orElse(List.of());
        finished.stream()
                .filter(name -> !name.equals(AggregatorColumn.NAME))
                .forEach(name -> columns.add("sketches." + quote(name)));
        columns.add("s0.window_rows");
        columns.add(date(range.start()) + " AS window_start");
        columns.add(date(range.end()) + " AS window_end");
        if (finished.contains(AggregatorColumn.NAME)) {
            columns.add("sketches." + quote(AggregatorColumn.NAME));
        }
        return "SELECT " + String.join(", ", columns) + " FROM " + from;
    }

    static String hidden(Aggregate aggregate, String state) {
        return quote(aggregate.name() + "__" + state);
    }
}
