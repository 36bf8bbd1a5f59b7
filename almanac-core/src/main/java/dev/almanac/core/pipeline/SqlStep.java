package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A SQL statement (written inline or read from {@code script}, a path relative to the pipeline
 * file) with {@code ${dt}}, {@code ${start}}, {@code ${end}} and the pipeline's parameters. With a
 * {@code target} the statement is a query whose rows go into that table; without one, the statement
 * does its own writing (e.g. {@code INSERT OVERWRITE TABLE …}).
 */
public record SqlStep(String sql, Optional<String> script, Optional<TableWrite> target) implements StepSettings {
    public SqlStep {
        requireNonNull(sql, "sql is null");
        requireNonNull(script, "script is null");
        requireNonNull(target, "target is null");
    }

    @Override
    public StepType type() {
        return StepType.SQL;
    }
}
