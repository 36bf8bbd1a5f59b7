package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The result of ingesting one source: its files' outcomes, or why it was skipped. */
public record SourceReport(String source, List<FileOutcome> files, Duration elapsed, Optional<String> skipped) {
    public SourceReport {
        requireNonNull(source, "source is null");
        files = List.copyOf(files);
        requireNonNull(elapsed, "elapsed is null");
        requireNonNull(skipped, "skipped is null");
    }

    public long rows() {
        return files.stream().mapToLong(FileOutcome::rows).sum();
    }

    public long quarantined() {
        return files.stream().mapToLong(FileOutcome::quarantined).sum();
    }

    public long bytes() {
        return files.stream().mapToLong(FileOutcome::bytes).sum();
    }

    public long failed() {
        return files.stream()
                .filter(file -> file.action() == FileOutcome.Action.FAILED)
                .count();
    }
}
