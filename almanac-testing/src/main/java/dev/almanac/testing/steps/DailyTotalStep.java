package dev.almanac.testing.steps;

import dev.almanac.spi.step.PipelineStep;
import dev.almanac.spi.step.StepContext;
import dev.almanac.spi.step.StepResult;
import java.util.List;

/**
 * A Java pipeline step for the contract tests: counts the run date's rows of the table named by
 * option {@code table} and writes the count to option {@code target}, which it creates if needed.
 */
public final class DailyTotalStep implements PipelineStep {
    @Override
    public StepResult run(StepContext context) {
        String table = context.options().get("table");
        String target = context.options().get("target");
        List<List<Object>> rows = context.query("SELECT count(*) FROM " + table + " WHERE dt = DATE '${dt}'");
        long count = ((Number) rows.get(0).get(0)).longValue();
        context.execute("CREATE TABLE IF NOT EXISTS " + target + " (day DATE, n BIGINT) PARTITIONED BY (day)");
        long written = context.execute(
                "INSERT OVERWRITE TABLE " + target + " PARTITION (day='" + context.date() + "') SELECT " + count);
        return StepResult.of(written, "counted " + count + " rows of " + table);
    }
}
