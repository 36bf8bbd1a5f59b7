package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A pipeline file read into values: when it runs, its parameters (the values of {@code ${name}}
 * placeholders besides {@code ${dt}}, {@code ${start}} and {@code ${end}}), the engine its steps use
 * unless they name one, the namespaces one-part table names are looked up in ({@code search_path}),
 * and its steps in file order. {@link PipelineGraph} checks and orders the steps.
 */
public record Pipeline(
        String name,
        String description,
        Schedule schedule,
        Map<String, String> params,
        Optional<String> defaultEngine,
        List<String> searchPath,
        List<Step> steps,
        SourceLocation location) {
    public Pipeline {
        requireNonNull(name, "name is null");
        requireNonNull(description, "description is null");
        requireNonNull(schedule, "schedule is null");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        requireNonNull(defaultEngine, "defaultEngine is null");
        searchPath = List.copyOf(searchPath);
        steps = List.copyOf(steps);
        requireNonNull(location, "location is null");
        Set<String> names = new HashSet<>();
        for (Step step : steps) {
            if (!names.add(step.name())) {
                throw new IllegalArgumentException("two steps are named " + step.name());
            }
        }
    }

    public Optional<Step> step(String name) {
        return steps.stream().filter(step -> step.name().equals(name)).findFirst();
    }
}
