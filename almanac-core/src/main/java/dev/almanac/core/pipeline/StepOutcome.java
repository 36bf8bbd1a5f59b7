package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/** What happened to one step for one date in a run. */
public record StepOutcome(String step, LocalDate date, Result result, Optional<Long> rows, String message) {
    public StepOutcome {
        requireNonNull(step, "step is null");
        requireNonNull(date, "date is null");
        requireNonNull(result, "result is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(message, "message is null");
    }

    public enum Result {
        SUCCEEDED,
        FAILED,
        /** Done by an earlier run and skipped by {@code --resume}. */
        ALREADY_DONE,
        /** Not run because a step it depends on did not succeed. */
        BLOCKED,
        /** Not run because another process is running this pipeline for this date. */
        BUSY
    }
}
