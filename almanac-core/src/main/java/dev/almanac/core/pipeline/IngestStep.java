package dev.almanac.core.pipeline;

import java.util.List;

/** Runs sources declared in the warehouse's {@code almanac.yaml}, by name. */
public record IngestStep(List<String> sources) implements StepSettings {
    public IngestStep {
        sources = List.copyOf(sources);
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no sources");
        }
    }

    @Override
    public StepType type() {
        return StepType.INGEST;
    }
}
