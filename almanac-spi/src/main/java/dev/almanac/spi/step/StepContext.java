package dev.almanac.spi.step;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What a Java step sees of its run: the date, its options and the warehouse through SQL. */
public interface StepContext {
    /** The date the pipeline runs for. */
    LocalDate date();

    /** The step's {@code options} from the pipeline file. */
    Map<String, String> options();

    /** The pipeline's parameters, with {@code dt}, {@code start} and {@code end} for this run. */
    Map<String, String> parameters();

    /** Runs a query ({@code ${name}} placeholders are filled from {@link #parameters}) and returns its rows. */
    List<List<Object>> query(String sql);

    /** Runs a write statement (INSERT, INSERT OVERWRITE, CREATE TABLE …); returns the rows written. */
    long execute(String sql);
}
