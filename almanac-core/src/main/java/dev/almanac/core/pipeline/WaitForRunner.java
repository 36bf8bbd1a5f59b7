package dev.almanac.core.pipeline;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a {@code wait-for} step: waits until each named pipeline has published its run for the same
 * date (its {@link PipelineRunner#PUBLISH} pseudo-step succeeded). A pipeline whose run for the date
 * did not publish fails the step, unless it is listed in {@code ok_to_fail}; waiting longer than the
 * step's timeout fails it too.
 */
final class WaitForRunner {
    /** How long a wait-for step waits when it has no timeout of its own. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofHours(6);

    private final StepRuns runs;
    private final Clock clock;

    WaitForRunner(StepRuns runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    StepOutcome run(Step step, WaitForStep settings, LocalDate date) {
        Instant deadline = clock.instant().plus(step.timeout().orElse(DEFAULT_TIMEOUT));
        while (true) {
            List<String> waiting = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            List<String> tolerated = new ArrayList<>();
            for (String pipeline : settings.pipelines()) {
                Optional<StepRun> publication = runs.find(pipeline, PipelineRunner.PUBLISH, date);
                StepRun.Status status = publication.map(StepRun::status).orElse(StepRun.Status.RUNNING);
                if (status == StepRun.Status.FAILED) {
                    (settings.okToFail().contains(pipeline) ? tolerated : failed).add(pipeline);
                } else if (status != StepRun.Status.SUCCEEDED) {
                    waiting.add(pipeline);
                }
            }
            if (!failed.isEmpty()) {
                throw new AlmanacException(
                        ErrorCode.STEP_FAILED,
                        "Step " + step.name() + ": the run of " + String.join(", ", failed) + " for " + date
                                + " did not publish (see `almanac pipeline history " + failed.get(0) + "`)");
            }
            if (waiting.isEmpty()) {
                return new StepOutcome(
                        step.name(),
                        date,
                        StepOutcome.Result.SUCCEEDED,
                        Optional.empty(),
                        "published: " + String.join(", ", settings.pipelines())
                                + (tolerated.isEmpty()
                                        ? ""
                                        : " (failed, allowed to: " + String.join(", ", tolerated) + ")"));
            }
            if (!clock.instant().isBefore(deadline)) {
                throw new AlmanacException(
                        ErrorCode.STEP_TIMED_OUT,
                        "Step " + step.name() + " gave up waiting for " + String.join(", ", waiting) + " to publish "
                                + date + " after " + step.timeout().orElse(DEFAULT_TIMEOUT));
            }
            sleep(settings.pollInterval(), deadline);
        }
    }

    private void sleep(Duration interval, Instant deadline) {
        long millis = Math.min(
                interval.toMillis(),
                Math.max(1, Duration.between(clock.instant(), deadline).toMillis()));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlmanacException(ErrorCode.INTERNAL, "Interrupted while waiting for other pipelines", e);
        }
    }
}
