package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs scheduled pipelines when due. Each time a pipeline's schedule fires, the day before (the
 * last complete UTC day) is due, unless a run already published it. After downtime the missed
 * fires of the last {@code catchUpDays} days are caught up, oldest date first; within a date, a
 * pipeline that others {@code wait-for} runs before them. A date whose run failed is tried again
 * after {@code retryAfter}, resuming from what succeeded.
 */
public final class Scheduler {
    private final PipelineRunner runner;
    private final Clock clock;
    private final int catchUpDays;
    private final Duration retryAfter;
    private final Consumer<String> log;
    private final Map<String, Instant> lastFailure = new HashMap<>();

    public Scheduler(PipelineRunner runner, Clock clock, int catchUpDays, Duration retryAfter, Consumer<String> log) {
        this.runner = requireNonNull(runner, "runner is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (catchUpDays < 1) {
            throw new AlmanacException(ErrorCode.INVALID_ARGUMENT, "Catch-up days must be at least 1: " + catchUpDays);
        }
        this.catchUpDays = catchUpDays;
        this.retryAfter = requireNonNull(retryAfter, "retryAfter is null");
        this.log = requireNonNull(log, "log is null");
    }

    /** A pipeline's date that is due, and the schedule fire that made it so. */
    public record Due(Pipeline pipeline, LocalDate date, Instant firedAt) {}

    /** What is due now and not yet published, in the order it runs. */
    public List<Due> due(List<Pipeline> pipelines) {
        Instant now = clock.instant();
        Map<String, Integer> ranks = waitRanks(pipelines);
        List<Due> due = new ArrayList<>();
        for (Pipeline pipeline : pipelines) {
            TreeSet<LocalDate> dates = new TreeSet<>();
            Map<LocalDate, Instant> fired = new HashMap<>();
            Optional<Instant> fire = pipeline.schedule().nextAfter(now.minus(Duration.ofDays(catchUpDays)));
            while (fire.isPresent() && !fire.get().isAfter(now)) {
                LocalDate date = fire.get().atZone(ZoneOffset.UTC).toLocalDate().minusDays(1);
                dates.add(date);
                fired.put(date, fire.get());
                fire = pipeline.schedule().nextAfter(fire.get());
            }
            for (LocalDate date : dates) {
                if (!published(pipeline, date) && !failedRecently(pipeline, date, now)) {
                    due.add(new Due(pipeline, date, fired.get(date)));
                }
            }
        }
        due.sort(Comparator.comparing(Due::date)
                .thenComparing(value -> ranks.get(value.pipeline().name()))
                .thenComparing(value -> value.pipeline().name()));
        return due;
    }

    /** Runs what is due now; returns how many (pipeline, date) runs it made. */
    public int runDue(List<Pipeline> pipelines) {
        List<Due> due = due(pipelines);
        for (Due run : due) {
            List<StepOutcome> outcomes = runner.run(run.pipeline(), List.of(run.date()), true);
            Optional<StepOutcome> failure = outcomes.stream()
                    .filter(outcome -> outcome.result() != StepOutcome.Result.SUCCEEDED
                            && outcome.result() != StepOutcome.Result.ALREADY_DONE
                            && !outcome.step().equals(PipelineRunner.PUBLISH))
                    .findFirst();
            String key = run.pipeline().name() + "/" + run.date();
            if (failure.isEmpty()) {
                lastFailure.remove(key);
                log.accept(run.pipeline().name() + " " + run.date() + ": published (due at " + run.firedAt() + ")");
            } else {
                lastFailure.put(key, clock.instant());
                log.accept(run.pipeline().name() + " " + run.date() + ": not published, "
                        + failure.get().step() + " "
                        + failure.get().result().name().toLowerCase(java.util.Locale.ROOT) + ": "
                        + failure.get().message() + " (tried again after " + retryAfter + ")");
            }
        }
        return due.size();
    }

    /** Runs due work until {@code stop} says so, sleeping until the next fire (at most {@code poll}). */
    public void serve(List<Pipeline> pipelines, Duration poll, BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            runDue(pipelines);
            Instant now = clock.instant();
            Instant wake = now.plus(poll);
            for (Pipeline pipeline : pipelines) {
                Optional<Instant> next = pipeline.schedule().nextAfter(now);
                if (next.isPresent() && next.get().isBefore(wake)) {
                    wake = next.get();
                }
            }
            try {
                Thread.sleep(Math.max(1, Duration.between(now, wake).toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private boolean published(Pipeline pipeline, LocalDate date) {
        return runner.runs()
                .find(pipeline.name(), PipelineRunner.PUBLISH, date)
                .filter(run -> run.status() == StepRun.Status.SUCCEEDED)
                .isPresent();
    }

    private boolean failedRecently(Pipeline pipeline, LocalDate date, Instant now) {
        Instant failed = lastFailure.get(pipeline.name() + "/" + date);
        return failed != null && now.isBefore(failed.plus(retryAfter));
    }

    /** How deep each pipeline sits in the wait-for graph: a pipeline runs after those it waits for. */
    private static Map<String, Integer> waitRanks(List<Pipeline> pipelines) {
        Map<String, List<String>> waitsFor = new HashMap<>();
        for (Pipeline pipeline : pipelines) {
            List<String> names = new ArrayList<>();
            for (Step step : pipeline.steps()) {
                if (step.settings() instanceof WaitForStep waitFor) {
                    names.addAll(waitFor.pipelines());
                }
            }
            waitsFor.put(pipeline.name(), names);
        }
        Map<String, Integer> ranks = new HashMap<>();
        for (Pipeline pipeline : pipelines) {
            ranks.put(pipeline.name(), rank(pipeline.name(), waitsFor, 0));
        }
        return ranks;
    }

    private static int rank(String name, Map<String, List<String>> waitsFor, int depth) {
        if (depth > waitsFor.size()) {
            return depth; // a cycle of wait-for: its wait-for steps time out, which says so
        }
        int rank = 0;
        for (String other : waitsFor.getOrDefault(name, List.of())) {
            rank = Math.max(rank, 1 + rank(other, waitsFor, depth + 1));
        }
        return rank;
    }
}
