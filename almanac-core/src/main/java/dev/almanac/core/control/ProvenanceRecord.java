package dev.almanac.core.control;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where one table snapshot came from: who committed it and when, what it cost, the statement that
 * produced it and the snapshot of every table that statement read.
 */
public record ProvenanceRecord(
        String table,
        long snapshotId,
        String operation,
        String principal,
        Instant startedAt,
        Instant committedAt,
        long rowsWritten,
        long bytesWritten,
        long filesWritten,
        long bytesRead,
        String sql,
        Map<String, Long> inputSnapshots) {
    public ProvenanceRecord {
        requireNonNull(table, "table is null");
        requireNonNull(operation, "operation is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(committedAt, "committedAt is null");
        requireNonNull(sql, "sql is null");
        inputSnapshots = Collections.unmodifiableMap(new TreeMap<>(inputSnapshots));
    }

    public Duration duration() {
        return Duration.between(startedAt, committedAt);
    }
}
