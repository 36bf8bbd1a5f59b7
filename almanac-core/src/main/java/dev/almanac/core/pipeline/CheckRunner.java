package dev.almanac.core.pipeline;

import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.sql.StatementOutcome;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.type.Field;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Runs the data checks of a check step; a blocking step fails when any check fails. */
final class CheckRunner {
    private static final int EXAMPLES = 3;

    private final SqlSession session;
    private final Map<String, String> parameters;

    CheckRunner(SqlSession session, Map<String, String> parameters) {
        this.session = session;
        this.parameters = parameters;
    }

    StepOutcome run(Step step, CheckStep settings, LocalDate date) {
        List<String> failures = new ArrayList<>();
        for (Check check : settings.checks()) {
            failure(settings, check).ifPresent(failures::add);
        }
        if (failures.isEmpty()) {
            return new StepOutcome(
                    step.name(),
                    date,
                    StepOutcome.Result.SUCCEEDED,
                    Optional.empty(),
                    settings.checks().size() + " checks passed");
        }
        String message = String.join("; ", failures);
        return new StepOutcome(
                step.name(),
                date,
                settings.blocking() ? StepOutcome.Result.FAILED : StepOutcome.Result.SUCCEEDED,
                Optional.empty(),
                settings.blocking() ? message : "warning: " + message);
    }

    private Optional<String> failure(CheckStep settings, Check check) {
        String rows = settings.table()
                .map(table -> "(SELECT * FROM " + table
                        + settings.where().map(where -> " WHERE " + where).orElse("") + ")")
                .orElse("");
        if (check instanceof Check.RowCount count) {
            long found = count("SELECT count(*) FROM " + rows + " AS checked");
            if (count.min().isPresent() && found < count.min().getAsLong()
                    || count.max().isPresent() && found > count.max().getAsLong()) {
                return Optional.of("row_count: " + found + " rows, expected " + bounds(count));
            }
            return Optional.empty();
        }
        if (check instanceof Check.NotNull notNull) {
            String condition = notNull.columns().stream()
                    .map(column -> column + " IS NULL")
                    .collect(Collectors.joining(" OR "));
            long found = count("SELECT count(*) FROM " + rows + " AS checked WHERE " + condition);
            return found == 0
                    ? Optional.empty()
                    : Optional.of("not_null " + notNull.columns() + ": " + found + " rows have nulls, e.g. "
                            + examples("SELECT * FROM " + rows + " AS checked WHERE " + condition));
        }
        if (check instanceof Check.Unique unique) {
            return duplicates(rows, unique.columns(), "unique");
        }
        if (check instanceof Check.PrimaryKey key) {
            String condition =
                    key.columns().stream().map(column -> column + " IS NULL").collect(Collectors.joining(" OR "));
            long nulls = count("SELECT count(*) FROM " + rows + " AS checked WHERE " + condition);
            if (nulls > 0) {
                return Optional.of("primary_key " + key.columns() + ": " + nulls + " rows have nulls, e.g. "
                        + examples("SELECT * FROM " + rows + " AS checked WHERE " + condition));
            }
            return duplicates(rows, key.columns(), "primary_key");
        }
        if (check instanceof Check.AcceptedValues accepted) {
            String values = accepted.values().stream()
                    .map(value -> "'" + value.replace("'", "''") + "'")
                    .collect(Collectors.joining(", "));
            String other = " FROM " + rows + " AS checked WHERE " + accepted.column() + " IS NOT NULL AND CAST("
                    + accepted.column() + " AS STRING) NOT IN (" + values + ")";
            long found = count("SELECT count(*)" + other);
            return found == 0
                    ? Optional.empty()
                    : Optional.of("accepted_values " + accepted.column() + ": " + found + " rows have other values,"
                            + " e.g. " + examples("SELECT DISTINCT " + accepted.column() + other));
        }
        if (check instanceof Check.CompareCounts compare) {
            long left = count(compare.left());
            long right = count(compare.right());
            BigDecimal allowed = compare.tolerancePercent()
                    .multiply(BigDecimal.valueOf(Math.abs(left)))
                    .movePointLeft(2);
            if (BigDecimal.valueOf(Math.abs(left - right)).compareTo(allowed) > 0) {
                return Optional.of("compare_counts: " + left + " and " + right + " differ by more than "
                        + compare.tolerancePercent().toPlainString() + "%");
            }
            return Optional.empty();
        }
        Check.FailingRows failing = (Check.FailingRows) check;
        long found = count("SELECT count(*) FROM (" + failing.sql() + ") AS failing");
        return found == 0
                ? Optional.empty()
                : Optional.of("sql: " + found + " failing rows, e.g. " + examples(failing.sql()));
    }

    private Optional<String> duplicates(String rows, List<String> columns, String kind) {
        String list = String.join(", ", columns);
        String repeated = "SELECT " + list + ", count(*) AS copies FROM " + rows + " AS checked GROUP BY " + list
                + " HAVING count(*) > 1";
        long found = count("SELECT count(*) FROM (" + repeated + ") AS repeated");
        return found == 0
                ? Optional.empty()
                : Optional.of(kind + " " + columns + ": " + found + " values repeat, e.g. " + examples(repeated));
    }

    private static String bounds(Check.RowCount count) {
        String min = count.min().isPresent() ? "at least " + count.min().getAsLong() : "";
        String max = count.max().isPresent() ? "at most " + count.max().getAsLong() : "";
        return min.isEmpty() ? max : max.isEmpty() ? min : min + " and " + max;
    }

    /** Up to {@value #EXAMPLES} rows of a query, as {@code {column=value, …}}, to say which rows failed. */
    private String examples(String sql) {
        StatementOutcome outcome =
                session.execute("SELECT * FROM (" + sql + ") AS failed LIMIT " + EXAMPLES, parameters);
        List<String> rows = new ArrayList<>();
        try (QueryResult result = ((StatementOutcome.QueryOutcome) outcome).rows()) {
            List<Field> columns = result.columns();
            while (result.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 0; i < columns.size(); i++) {
                    values.add(columns.get(i).name() + "=" + result.value(i));
                }
                rows.add("{" + String.join(", ", values) + "}");
            }
        }
        return String.join(" ", rows);
    }

    private long count(String sql) {
        StatementOutcome outcome = session.execute(sql, parameters);
        if (!(outcome instanceof StatementOutcome.QueryOutcome query)) {
            throw new AlmanacException(ErrorCode.INVALID_QUERY, "A check query must be a SELECT: " + sql);
        }
        try (QueryResult result = query.rows()) {
            if (!result.next() || !(result.value(0) instanceof Number number)) {
                throw new AlmanacException(ErrorCode.INVALID_QUERY, "A check query must return one count: " + sql);
            }
            return number.longValue();
        }
    }
}
