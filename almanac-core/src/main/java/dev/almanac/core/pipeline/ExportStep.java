package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import java.util.Optional;

/** Writes a warehouse table, or a query's rows, to files or to a table of another database. */
public record ExportStep(Optional<TableName> table, Optional<String> query, Destination destination)
        implements StepSettings {
    public ExportStep {
        requireNonNull(table, "table is null");
        requireNonNull(query, "query is null");
        requireNonNull(destination, "destination is null");
        if (table.isPresent() == query.isPresent()) {
            throw new IllegalArgumentException("exactly one of table and query must be given");
        }
    }

    @Override
    public StepType type() {
        return StepType.EXPORT;
    }

    /** Where the rows go. */
    public sealed interface Destination {}

    /** Files of one format under {@code path} (which may use {@code ${dt}} and parameters). */
    public record Files(ExportFormat format, String path) implements Destination {
        public Files {
            requireNonNull(format, "format is null");
            requireNonNull(path, "path is null");
        }
    }

    /** A table of a database reached over JDBC, replaced or appended to. */
    public record JdbcTable(JdbcConnection connection, String table, WriteMode mode) implements Destination {
        public JdbcTable {
            requireNonNull(connection, "connection is null");
            requireNonNull(table, "table is null");
            requireNonNull(mode, "mode is null");
            if (mode != WriteMode.REPLACE && mode != WriteMode.APPEND) {
                throw new IllegalArgumentException("a JDBC export replaces or appends: " + mode);
            }
        }
    }
}
