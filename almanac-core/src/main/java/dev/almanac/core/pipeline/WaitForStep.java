package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/**
 * Waits until runs of other pipelines for the same date have finished, checking every
 * {@code pollInterval}, for at most the step's timeout. A failed run of a pipeline in
 * {@code okToFail} counts as finished; any other failure fails this step.
 */
public record WaitForStep(List<String> pipelines, List<String> okToFail, Duration pollInterval)
        implements StepSettings {
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMinutes(1);

    public WaitForStep {
        pipelines = List.copyOf(pipelines);
        okToFail = List.copyOf(okToFail);
        requireNonNull(pollInterval, "pollInterval is null");
        if (pipelines.isEmpty()) {
            throw new IllegalArgumentException("no pipelines");
        }
        if (!pipelines.containsAll(okToFail)) {
            throw new IllegalArgumentException("okToFail " + okToFail + " is not a part of pipelines " + pipelines);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval is not positive: " + pollInterval);
        }
    }

    @Override
    public StepType type() {
        return StepType.WAIT_FOR;
    }
}
