package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** The latest attempt of one step for one run date. */
public record StepRun(
        String pipeline,
        String step,
        LocalDate date,
        Status status,
        int attempts,
        Instant startedAt,
        Optional<Instant> finishedAt,
        Optional<Long> rows,
        Optional<Long> snapshotId,
        Optional<String> error) {
    public StepRun {
        requireNonNull(pipeline, "pipeline is null");
        requireNonNull(step, "step is null");
        requireNonNull(date, "date is null");
        requireNonNull(status, "status is null");
        requireNonNull(startedAt, "startedAt is null");
        requireNonNull(finishedAt, "finishedAt is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(snapshotId, "snapshotId is null");
        requireNonNull(error, "error is null");
    }

    public enum Status {
        /** Under way, or its process died: either way not done. */
        RUNNING,
        SUCCEEDED,
        FAILED
    }
}
