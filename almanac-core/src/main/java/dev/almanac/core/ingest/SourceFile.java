package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A file found for a source, with the fingerprint that tells whether it changed. */
public record SourceFile(String path, long sizeBytes, Instant modifiedAt, String sha256) {
    public SourceFile {
        requireNonNull(path, "path is null");
        requireNonNull(modifiedAt, "modifiedAt is null");
        requireNonNull(sha256, "sha256 is null");
    }
}
