package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a window step computes: aggregates per {@code groupBy} key over the source rows (those
 * matching {@code filter}) of the days a window covers, written to {@code target}; per-day partial
 * states go to {@code target__daily}.
 */
public record WindowAggregate(
        TableName source,
        Optional<String> filter,
        List<String> groupBy,
        Optional<String> timeColumn,
        List<Aggregate> aggregates,
        Window window,
        TableName target,
        boolean failOnMissing,
        Optional<String> aggregator) {
    public static final String DAILY_SUFFIX = "__daily";

    /** A step of SQL aggregates. */
    public WindowAggregate(
            TableName source,
            Optional<String> filter,
            List<String> groupBy,
            Optional<String> timeColumn,
            List<Aggregate> aggregates,
            Window window,
            TableName target,
            boolean failOnMissing) {
        this(source, filter, groupBy, timeColumn, aggregates, window, target, failOnMissing, Optional.empty());
    }

    /** A step of one aggregate written in Java ({@code aggregator}: its binary class name). */
    public static WindowAggregate ofAggregator(
            TableName source,
            Optional<String> filter,
            String aggregator,
            Window window,
            TableName target,
            boolean failOnMissing) {
        return new WindowAggregate(
                source,
                filter,
                List.of(),
                Optional.empty(),
                List.of(),
                window,
                target,
                failOnMissing,
                Optional.of(aggregator));
    }

    public WindowAggregate {
        requireNonNull(source, "source is null");
        requireNonNull(filter, "filter is null");
        groupBy = List.copyOf(groupBy);
        requireNonNull(timeColumn, "timeColumn is null");
        aggregates = List.copyOf(aggregates);
        requireNonNull(window, "window is null");
        requireNonNull(target, "target is null");
        requireNonNull(aggregator, "aggregator is null");
        if (aggregates.isEmpty() && aggregator.isEmpty()) {
            throw new IllegalArgumentException("a window step needs at least one aggregate");
        }
        if (!aggregates.isEmpty() && aggregator.isPresent()) {
            throw new IllegalArgumentException(
                    "a window step has either SQL aggregates or an aggregator written in Java, not both");
        }
        Set<String> names = new HashSet<>(Set.of("dt", "window_rows", "window_start", "window_end"));
        for (String key : groupBy) {
            if (!Aggregate.COLUMN_NAME.matcher(key).matches()) {
                throw new IllegalArgumentException(
                        "Invalid group_by column '" + key + "': name a column of the source in lower case");
            }
            if (!names.add(key)) {
                throw new IllegalArgumentException("group_by column '" + key + "' is listed twice or is reserved");
            }
        }
        for (Aggregate aggregate : aggregates) {
            if (!names.add(aggregate.name())) {
                throw new IllegalArgumentException("Output column '" + aggregate.name()
                        + "' is named twice (or is a reserved name: dt, window_rows, window_start, window_end)");
            }
            if (aggregate.function().byTime() && timeColumn.isEmpty()) {
                throw new IllegalArgumentException(aggregate.function().configName() + "() of '" + aggregate.name()
                        + "' orders rows by time: add time_column, e.g. time_column: time");
            }
        }
        if (target.equals(source)) {
            throw new IllegalArgumentException("target " + target + " is also the source");
        }
    }

    /** This step with {@code keys} as its keys: those of its aggregator written in Java. */
    WindowAggregate withKeys(List<String> keys) {
        return new WindowAggregate(
                source, filter, keys, timeColumn, aggregates, window, target, failOnMissing, aggregator);
    }

    public TableName dailyTable() {
        return new TableName(target.namespace(), target.table() + DAILY_SUFFIX);
    }

    /**
     * A digest of everything that decides the per-day states: when it changes, states computed
     * under the old definition are not reused.
     */
    public String definitionDigest() {
        StringBuilder text = new StringBuilder();
        text.append(source).append('\n').append(filter.orElse("")).append('\n');
        text.append(groupBy).append('\n').append(timeColumn.orElse("")).append('\n');
        aggregator.ifPresent(name -> text.append("aggregator=").append(name).append('\n'));
        aggregates.forEach(aggregate -> text.append(aggregate.name())
                .append('=')
                .append(aggregate.text())
                .append('\n'));
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
