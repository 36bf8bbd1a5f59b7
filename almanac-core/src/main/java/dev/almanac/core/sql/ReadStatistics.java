package dev.almanac.core.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** The table files a statement read, after partition and file pruning. */
public record ReadStatistics(List<TableRead> tables) {
    public static final ReadStatistics NONE = new ReadStatistics(List.of());

    public ReadStatistics {
        tables = List.copyOf(tables);
    }

    public long files() {
        return tables.stream().mapToLong(TableRead::filesRead).sum();
    }

    public long bytes() {
        return tables.stream().mapToLong(TableRead::bytesRead).sum();
    }

    /**
     * One table read: the snapshot read (empty when the table has no data yet), the files and bytes
     * planned for the query and the files and bytes the snapshot holds in all.
     */
    public record TableRead(
            String table,
            Optional<Long> snapshotId,
            long filesRead,
            long bytesRead,
            long snapshotFiles,
            long snapshotBytes) {
        public TableRead {
            requireNonNull(table, "table is null");
            requireNonNull(snapshotId, "snapshotId is null");
        }
    }
}
