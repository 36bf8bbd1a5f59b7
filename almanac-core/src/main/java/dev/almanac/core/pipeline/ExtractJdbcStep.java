package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Copies a table of a live database, or the rows of a query run there, into a warehouse table. */
public record ExtractJdbcStep(
        JdbcConnection connection, Optional<String> table, Optional<String> query, TableWrite target)
        implements StepSettings {
    public ExtractJdbcStep {
        requireNonNull(connection, "connection is null");
        requireNonNull(table, "table is null");
        requireNonNull(query, "query is null");
        requireNonNull(target, "target is null");
        if (table.isPresent() == query.isPresent()) {
            throw new IllegalArgumentException("exactly one of table and query must be given");
        }
    }

    @Override
    public StepType type() {
        return StepType.EXTRACT_JDBC;
    }
}
