package dev.almanac.core.pipeline;

/** What a step does: the settings that belong to its type. */
public sealed interface StepSettings
        permits SqlStep,
                IngestStep,
                ExtractJdbcStep,
                ExportStep,
                CheckStep,
                WaitForStep,
                JavaStep,
                WindowAggregateStep {
    StepType type();
}
