package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/** What the control database knows about one source file. */
public record ManifestEntry(
        String source,
        String path,
        long sizeBytes,
        Instant modifiedAt,
        String sha256,
        Status status,
        String claim,
        int attempts,
        long rowsLoaded,
        long rowsQuarantined,
        Optional<Long> snapshotId,
        Optional<String> error) {
    public ManifestEntry {
        requireNonNull(source, "source is null");
        requireNonNull(path, "path is null");
        requireNonNull(modifiedAt, "modifiedAt is null");
        requireNonNull(sha256, "sha256 is null");
        requireNonNull(status, "status is null");
        requireNonNull(claim, "claim is null");
        requireNonNull(snapshotId, "snapshotId is null");
        requireNonNull(error, "error is null");
    }

    public enum Status {
        /** A load is (or was, if its process died) under way with this entry's claim. */
        LOADING,
        LOADED,
        /** The last load failed as a whole; the next run tries again. */
        FAILED
    }
}
