package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.util.List;
import java.util.OptionalLong;

/** One data check of a {@link CheckStep}. */
public sealed interface Check {
    /** The name of the check's kind in a pipeline file, e.g. {@code not_null}. */
    String kind();

    /** Whether the check reads the step's table (the others run queries of their own). */
    default boolean needsTable() {
        return true;
    }

    /** The number of rows is at least {@code min} and at most {@code max}. */
    record RowCount(OptionalLong min, OptionalLong max) implements Check {
        public RowCount {
            requireNonNull(min, "min is null");
            requireNonNull(max, "max is null");
            if (min.isEmpty() && max.isEmpty()) {
                throw new IllegalArgumentException("no bound");
            }
            if (min.isPresent() && max.isPresent() && min.getAsLong() > max.getAsLong()) {
                throw new IllegalArgumentException("min " + min.getAsLong() + " is above max " + max.getAsLong());
            }
        }

        @Override
        public String kind() {
            return "row_count";
        }
    }

    /** No row has a null in any of the columns. */
    record NotNull(List<String> columns) implements Check {
        public NotNull {
            columns = nonEmpty(columns);
        }

        @Override
        public String kind() {
            return "not_null";
        }
    }

    /** No two rows have the same values in the columns. */
    record Unique(List<String> columns) implements Check {
        public Unique {
            columns = nonEmpty(columns);
        }

        @Override
        public String kind() {
            return "unique";
        }
    }

    /** The columns are unique and never null. */
    record PrimaryKey(List<String> columns) implements Check {
        public PrimaryKey {
            columns = nonEmpty(columns);
        }

        @Override
        public String kind() {
            return "primary_key";
        }
    }

    /** Every non-null value of the column is one of {@code values}. */
    record AcceptedValues(String column, List<String> values) implements Check {
        public AcceptedValues {
            requireNonNull(column, "column is null");
            values = nonEmpty(values);
        }

        @Override
        public String kind() {
            return "accepted_values";
        }
    }

    /**
     * Two queries that each return one count agree within {@code tolerancePercent} percent of the
     * {@code left} count.
     */
    record CompareCounts(String left, String right, BigDecimal tolerancePercent) implements Check {
        public CompareCounts {
            requireNonNull(left, "left is null");
            requireNonNull(right, "right is null");
            requireNonNull(tolerancePercent, "tolerancePercent is null");
            if (tolerancePercent.signum() < 0) {
                throw new IllegalArgumentException("tolerancePercent is negative: " + tolerancePercent);
            }
        }

        @Override
        public String kind() {
            return "compare_counts";
        }

        @Override
        public boolean needsTable() {
            return false;
        }
    }

    /** A query that returns the failing rows: the check passes when it returns none. */
    record FailingRows(String sql) implements Check {
        public FailingRows {
            requireNonNull(sql, "sql is null");
        }

        @Override
        public String kind() {
            return "sql";
        }

        @Override
        public boolean needsTable() {
            return false;
        }
    }

    private static List<String> nonEmpty(List<String> values) {
        List<String> copy = List.copyOf(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("empty list");
        }
        return copy;
    }
}
