package dev.almanac.core.sql;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.engine.QueryResult;
import java.util.Optional;

/** What a statement did. */
public sealed interface StatementOutcome {
    ReadStatistics read();

    /** Rows to show; the caller closes them. */
    record QueryOutcome(QueryResult rows, ReadStatistics read) implements StatementOutcome {
        public QueryOutcome {
            requireNonNull(rows, "rows is null");
            requireNonNull(read, "read is null");
        }
    }

    /** A commit to a table (or none, e.g. CREATE TABLE IF NOT EXISTS of an existing table). */
    record WriteOutcome(
            String operation,
            String table,
            Optional<Long> snapshotId,
            long rows,
            long bytes,
            int files,
            ReadStatistics read)
            implements StatementOutcome {
        public WriteOutcome {
            requireNonNull(operation, "operation is null");
            requireNonNull(table, "table is null");
            requireNonNull(snapshotId, "snapshotId is null");
            requireNonNull(read, "read is null");
        }
    }

    record DropOutcome(String table, boolean dropped) implements StatementOutcome {
        public DropOutcome {
            requireNonNull(table, "table is null");
        }

        @Override
        public ReadStatistics read() {
            return ReadStatistics.NONE;
        }
    }

    /** A schema change: new table metadata, no snapshot. */
    record AlterOutcome(String table, String change) implements StatementOutcome {
        public AlterOutcome {
            requireNonNull(table, "table is null");
            requireNonNull(change, "change is null");
        }

        @Override
        public ReadStatistics read() {
            return ReadStatistics.NONE;
        }
    }
}
