package dev.almanac.core.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestMeasurement {
    @Test
    void theMedianTakesWallAndCpuEachOnTheirOwn() {
        Measurement median = Measurement.median(List.of(measurement(9, 1), measurement(3, 7), measurement(5, 4)));

        assertThat(median).isEqualTo(measurement(5, 4));
    }

    @Test
    void theMedianOfAnEvenNumberIsTheLowerMiddleOne() {
        Measurement median = Measurement.median(
                List.of(measurement(4, 40), measurement(1, 10), measurement(3, 30), measurement(2, 20)));

        assertThat(median).isEqualTo(measurement(2, 20));
        assertThat(Measurement.median(List.of(measurement(6, 2)))).isEqualTo(measurement(6, 2));
    }

    @Test
    void noMeasurementsHaveNoMedian() {
        assertThatThrownBy(() -> Measurement.median(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no measurements to take the median of");
    }

    private static Measurement measurement(long wallSeconds, long cpuSeconds) {
        return new Measurement(Duration.ofSeconds(wallSeconds), Duration.ofSeconds(cpuSeconds));
    }
}
