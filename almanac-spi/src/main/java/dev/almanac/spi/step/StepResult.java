package dev.almanac.spi.step;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What a Java step reports: rows it wrote, if that is meaningful, and a line for the run's log. */
public record StepResult(Optional<Long> rows, String message) {
    public StepResult {
        requireNonNull(rows, "rows is null");
        requireNonNull(message, "message is null");
    }

    public static StepResult of(long rows, String message) {
        return new StepResult(Optional.of(rows), message);
    }
}
