package dev.almanac.core.table;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What a commit records about the statement that produced it. */
public record CommitContext(
        String operation,
        String principal,
        String sql,
        Instant startedAt,
        long bytesRead,
        Map<String, Long> inputSnapshots) {
    public CommitContext {
        requireNonNull(operation, "operation is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(sql, "sql is null");
        requireNonNull(startedAt, "startedAt is null");
        inputSnapshots = Collections.unmodifiableMap(new TreeMap<>(inputSnapshots));
    }
}
