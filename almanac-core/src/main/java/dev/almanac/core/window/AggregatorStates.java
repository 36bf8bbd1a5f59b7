package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.engine.TableBinding;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.spi.window.Accumulator;
import dev.almanac.spi.window.WindowAggregator;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an aggregate written in Java over source rows: maps each row to (key, value) pairs and
 * accumulates the values per key (and day), then stages the states for SQL to write.
 */
final class AggregatorStates<S> {
    private final AggregatorColumn<S> column;

    AggregatorStates(AggregatorColumn<S> column) {
        this.column = requireNonNull(column, "column is null");
    }

    private WindowAggregator<S> aggregator() {
        return column.aggregator();
    }

    /**
     * Maps the rows of {@code query} ({@code dt, source columns…}) and stages, in {@code relation},
     * per day and key the rows {@code dt, keys…, window_rows, window_state} (a day's partial state).
     */
    void stageDays(Engine engine, String query, List<TableBinding> bindings, String relation) {
        Map<Object, Map<List<Object>, Accumulation<S>>> days = map(engine, query, bindings, true);
        List<Field> columns = new ArrayList<>();
        columns.add(Field.of("dt", PrimitiveType.DATE));
        columns.addAll(aggregator().keyColumns());
        columns.add(Field.of("window_rows", PrimitiveType.BIGINT));
        columns.add(Field.of(AggregatorColumn.NAME, PrimitiveType.BINARY));
        Accumulator<S> accumulator = aggregator().accumulator();
        engine.stage(
                relation,
                columns,
                days.entrySet().stream()
                        .flatMap(day -> day.getValue().entrySet().stream().map(entry -> {
                            List<Object> row = new ArrayList<>();
                            row.add(day.getKey());
                            GroupKeys.addTo(row, entry.getKey());
                            row.add(entry.getValue().values);
                            row.add(accumulator.serialize(entry.getValue().state));
                            return row;
                        }))
                        .iterator());
    }

    /**
     * Maps the rows of {@code query} ({@code dt, source columns…}) into one state per key, ignoring
     * days, and stages {@code keys…, window_rows, finished columns…} in {@code relation}.
     */
    void stageWindow(Engine engine, String query, List<TableBinding> bindings, String relation) {
        Map<List<Object>, Accumulation<S>> states = map(engine, query, bindings, false).values().stream()
                .findFirst()
                .orElse(Map.of());
        List<Field> columns = new ArrayList<>(aggregator().keyColumns());
        columns.add(Field.of("window_rows", PrimitiveType.BIGINT));
        columns.addAll(column.finishedColumns());
        Accumulator<S> accumulator = aggregator().accumulator();
        engine.stage(
                relation,
                columns,
                states.entrySet().stream()
                        .map(entry -> {
                            List<Object> row = GroupKeys.row(
                                    entry.getKey(), 1 + column.finishedColumns().size());
                            row.add(entry.getValue().values);
                            AggregatorColumn.StateFold<S> fold = new AggregatorColumn.StateFold<>(aggregator());
                            fold.add(accumulator.serialize(entry.getValue().state));
                            row.addAll(fold.finish());
                            return row;
                        })
                        .iterator());
    }

    /**
     * Folds rows {@code keys…, window_state, sign} (sign 1: merge in, -1: take out) per key and
     * stages {@code keys…, finished columns…} in {@code relation}: the previous output adjusted.
     */
    void stageAdjusted(Engine engine, String query, List<TableBinding> bindings, String relation) {
        int keyCount = aggregator().keyColumns().size();
        Map<List<Object>, AggregatorColumn.StateFold<S>> folds = new HashMap<>();
        try (QueryResult rows = engine.query(query, bindings)) {
            while (rows.next()) {
                List<Object> key = GroupKeys.read(rows, keyCount);
                byte[] state = (byte[]) rows.value(keyCount);
                if (state == null) {
                    continue;
                }
                AggregatorColumn.StateFold<S> fold =
                        folds.computeIfAbsent(key, ignored -> new AggregatorColumn.StateFold<>(aggregator()));
                if (((Number) rows.value(keyCount + 1)).intValue() > 0) {
                    fold.add(state);
                } else {
                    fold.remove(state);
                }
            }
        }
        List<Field> columns = new ArrayList<>(aggregator().keyColumns());
        columns.addAll(column.finishedColumns());
        engine.stage(
                relation,
                columns,
                folds.entrySet().stream()
                        .map(entry -> {
                            List<Object> row = GroupKeys.row(
                                    entry.getKey(), column.finishedColumns().size());
                            row.addAll(entry.getValue().finish());
                            return row;
                        })
                        .iterator());
    }

    private static final class Accumulation<S> {
        S state;
        long values;

        Accumulation(S state) {
            this.state = state;
        }
    }

    /**
     * States per day and key ({@code perDay}), else per key under one entry. Keys are kept per day:
     * lists of a day and a key hash alike for neighbouring days and keys.
     */
    private Map<Object, Map<List<Object>, Accumulation<S>>> map(
            Engine engine, String query, List<TableBinding> bindings, boolean perDay) {
        WindowAggregator<S> aggregator = aggregator();
        Accumulator<S> accumulator = aggregator.accumulator();
        int keyCount = aggregator.keyColumns().size();
        int columns = aggregator.sourceColumns().size();
        Map<Object, Map<List<Object>, Accumulation<S>>> states = new HashMap<>();
        try (QueryResult rows = engine.query(query, bindings)) {
            while (rows.next()) {
                LocalDate day = (LocalDate) rows.value(0);
                List<Object> values = new ArrayList<>(columns);
                for (int i = 1; i <= columns; i++) {
                    values.add(rows.value(i));
                }
                aggregator.mapper().map(values, (key, value) -> {
                    if (key == null || key.size() != keyCount) {
                        throw new AlmanacException(
                                ErrorCode.INVALID_ARGUMENT,
                                aggregator.getClass().getName() + " emitted the key " + key + " for "
                                        + aggregator.keyColumns().size() + " key columns "
                                        + aggregator.keyColumns());
                    }
                    Accumulation<S> accumulation = states.computeIfAbsent(
                                    perDay ? day : "window", ignored -> new HashMap<>())
                            .computeIfAbsent(GroupKeys.of(key), ignored -> new Accumulation<>(accumulator.create()));
                    accumulation.state = accumulator.add(accumulation.state, value);
                    accumulation.values++;
                });
            }
        }
        return states;
    }
}
