package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One step of a pipeline: what it does ({@code settings}), what must finish before it
 * ({@code dependsOn}; the tables it reads add more, see {@link PipelineGraph}), how it is retried
 * and how long it may take.
 */
public record Step(
        String name,
        StepSettings settings,
        List<StepReference> dependsOn,
        Retry retry,
        Optional<Duration> timeout,
        Optional<String> engine,
        String description,
        SourceLocation location) {
    public Step {
        requireNonNull(name, "name is null");
        requireNonNull(settings, "settings is null");
        dependsOn = List.copyOf(dependsOn);
        requireNonNull(retry, "retry is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(description, "description is null");
        requireNonNull(location, "location is null");
        timeout.ifPresent(value -> {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("timeout is not positive: " + value);
            }
        });
    }

    public StepType type() {
        return settings.type();
    }

    /** The names of the steps listed in {@code depends_on}, in the order written. */
    public List<String> dependsOnNames() {
        return dependsOn.stream().map(StepReference::name).toList();
    }
}
