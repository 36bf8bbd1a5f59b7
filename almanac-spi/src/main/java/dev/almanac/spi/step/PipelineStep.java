package dev.almanac.spi.step;

/**
 * A pipeline step type written in Java. Implementations are found with {@link
 * java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/dev.almanac.spi.step.PipelineStep} of a jar on the classpath) and chosen by a
 * step of type {@code java} that names the class:
 *
 * <pre>
 * - name: recompute_badges
 *   type: java
 *   class: org.example.BadgeStep
 *   options: {threshold: "10"}
 * </pre>
 *
 * A step runs once per date; it should be idempotent, since a failed step is run again by a retry
 * or a resumed run. Writes made through {@link StepContext#execute} are staged with the pipeline's
 * other writes and published with them.
 */
public interface PipelineStep {
    StepResult run(StepContext context) throws Exception;
}
