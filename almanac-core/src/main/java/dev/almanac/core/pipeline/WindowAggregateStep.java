package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.window.WindowAggregate;

/**
 * An aggregate over a window of days, kept up to date incrementally (see {@link
 * dev.almanac.core.window.WindowAggregateRunner}).
 */
public record WindowAggregateStep(WindowAggregate aggregate) implements StepSettings {
    public WindowAggregateStep {
        requireNonNull(aggregate, "aggregate is null");
    }

    @Override
    public StepType type() {
        return StepType.WINDOW_AGGREGATE;
    }
}
