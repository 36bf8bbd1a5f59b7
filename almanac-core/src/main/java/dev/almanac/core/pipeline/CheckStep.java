package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import java.util.List;
import java.util.Optional;

/**
 * Data checks, on {@code table} (restricted to the rows matching {@code where}, e.g. the run's
 * partition) or on queries of their own. A failed blocking check fails the step; otherwise it is
 * reported as a warning and the run goes on.
 */
public record CheckStep(Optional<TableName> table, Optional<String> where, List<Check> checks, boolean blocking)
        implements StepSettings {
    public CheckStep {
        requireNonNull(table, "table is null");
        requireNonNull(where, "where is null");
        checks = List.copyOf(checks);
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("no checks");
        }
        if (table.isEmpty() && checks.stream().anyMatch(Check::needsTable)) {
            throw new IllegalArgumentException("checks " + checks + " need a table");
        }
        if (table.isEmpty() && where.isPresent()) {
            throw new IllegalArgumentException("where without a table");
        }
    }

    @Override
    public StepType type() {
        return StepType.CHECK;
    }
}
