package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A step written in Java: the class is found at run time through {@link java.util.ServiceLoader}. */
public record JavaStep(String className, Map<String, String> options) implements StepSettings {
    public JavaStep {
        requireNonNull(className, "className is null");
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    @Override
    public StepType type() {
        return StepType.JAVA;
    }
}
