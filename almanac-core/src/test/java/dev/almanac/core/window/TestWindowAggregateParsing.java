package dev.almanac.core.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.core.pipeline.Pipeline;
import dev.almanac.core.pipeline.PipelineParser;
import dev.almanac.core.pipeline.WindowAggregateStep;
import dev.almanac.spi.AlmanacException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestWindowAggregateParsing {
    private static final String STEP = """
            name: windows
            steps:
              - name: activity
                type: window-aggregate
                source: raw.tracking_log
                filter: username IS NOT NULL
                group_by: [username]
                time_column: time
                aggregates:
                  events: count()
                  problem_events: count_if(event_type LIKE 'problem%%')
                  last_page: last(page)
                window: %s
                target: agg.activity
            """;

    private static Pipeline parse(String window) {
        return PipelineParser.parse("pipeline.yaml", STEP.formatted(window), Path.of("."));
    }

    @Test
    void parsesTheStep() {
        WindowAggregate aggregate = ((WindowAggregateStep)
                        parse("{fixed_length: 28, days_ago: 1}").steps().get(0).settings())
                .aggregate();
        assertThat(aggregate.source().toString()).isEqualTo("raw.tracking_log");
        assertThat(aggregate.filter()).contains("username IS NOT NULL");
        assertThat(aggregate.groupBy()).containsExactly("username");
        assertThat(aggregate.aggregates())
                .containsExactly(
                        new Aggregate("events", AggregateFunction.COUNT, Optional.empty()),
                        new Aggregate(
                                "problem_events",
                                AggregateFunction.COUNT_IF,
                                Optional.of("event_type LIKE 'problem%'")),
                        new Aggregate("last_page", AggregateFunction.LAST, Optional.of("page")));
        assertThat(aggregate.window()).isEqualTo(new Window.FixedLength(28, 1));
        assertThat(aggregate.window().range(LocalDate.of(2024, 3, 1)))
                .isEqualTo(new DayRange(LocalDate.of(2024, 2, 2), LocalDate.of(2024, 2, 29)));
        assertThat(aggregate.dailyTable().toString()).isEqualTo("agg.activity__daily");
        assertThat(aggregate.failOnMissing()).isFalse();
        assertThat(((WindowAggregateStep) parse("{fixed_start: 2024-01-01}")
                                .steps()
                                .get(0)
                                .settings())
                        .aggregate()
                        .window())
                .isEqualTo(new Window.FixedStart(LocalDate.of(2024, 1, 1)));
    }

    @Test
    void badWindowsNameTheirPosition() {
        assertThatThrownBy(() -> parse("{fixed_length: 0}"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage(
                        "Invalid 'fixed_length' '0': expected a whole number from 1 to 36500 (pipeline.yaml:13:28)");
        assertThatThrownBy(() -> parse("{fixed_start: 2024-13-01}"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Invalid 'fixed_start' '2024-13-01': expected a date YYYY-MM-DD (pipeline.yaml:13:27)");
        assertThatThrownBy(() -> parse("{fixed_length: 7, fixed_start: 2024-01-01}"))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("Step 'activity' needs one of 'fixed_length'");
    }

    @Test
    void badAggregatesNameTheirPosition() {
        String text = STEP.formatted("{fixed_length: 7}").replace("count()", "median(duration)");
        assertThatThrownBy(() -> PipelineParser.parse("pipeline.yaml", text, Path.of(".")))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Step 'activity': Unknown aggregate function 'median' for 'events'; expected one of count,"
                        + " count_if, sum, avg, min, max, count_distinct, approx_count_distinct, first, last"
                        + " (pipeline.yaml:10:15)");
        String noTime = STEP.formatted("{fixed_length: 7}").replace("    time_column: time\n", "");
        assertThatThrownBy(() -> PipelineParser.parse("pipeline.yaml", noTime, Path.of(".")))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("Step 'activity': last() of 'last_page' orders rows by time: add time_column");
    }
}
