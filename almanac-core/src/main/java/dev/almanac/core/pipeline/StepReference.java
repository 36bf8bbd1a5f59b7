package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

/** A step named by another step (in {@code depends_on}), with where the name was written. */
public record StepReference(String name, SourceLocation location) {
    public StepReference {
        requireNonNull(name, "name is null");
        requireNonNull(location, "location is null");
    }
}
