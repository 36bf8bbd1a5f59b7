package dev.almanac.core.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TestGeneratorOptions {
    private static final Path OUT = Path.of("out");
    private static final LocalDate START = LocalDate.of(2024, 1, 1);

    @Test
    void datesRunFromStartForTheGivenDays() {
        GeneratorOptions options = new GeneratorOptions(OUT, LocalDate.of(2024, 2, 28), 3, 10, 1, 1, 42, 0);

        assertThat(options.dates())
                .containsExactly(LocalDate.of(2024, 2, 28), LocalDate.of(2024, 2, 29), LocalDate.of(2024, 3, 1));
        assertThat(options.end()).isEqualTo(LocalDate.of(2024, 3, 2));
    }

    @Test
    void countsMustBePositive() {
        assertInvalid(() -> new GeneratorOptions(OUT, START, 0, 10, 1, 1, 42, 0), "Days must be at least 1, got 0");
        assertInvalid(
                () -> new GeneratorOptions(OUT, START, 1, -5, 1, 1, 42, 0),
                "Events per day must be at least 1, got -5");
        assertInvalid(() -> new GeneratorOptions(OUT, START, 1, 10, 0, 1, 42, 0), "Courses must be at least 1, got 0");
        assertInvalid(() -> new GeneratorOptions(OUT, START, 1, 10, 1, 0, 42, 0), "Users must be at least 1, got 0");
    }

    @Test
    void badRateMustBeAShareBelowOne() {
        String expected = "Bad-line rate must be at least 0 and below 1 (a share of lines, such as 0.01), got ";
        assertInvalid(() -> new GeneratorOptions(OUT, START, 1, 10, 1, 1, 42, 1), expected + "1.0");
        assertInvalid(() -> new GeneratorOptions(OUT, START, 1, 10, 1, 1, 42, -0.1), expected + "-0.1");
        assertInvalid(() -> new GeneratorOptions(OUT, START, 1, 10, 1, 1, 42, Double.NaN), expected + "NaN");
        assertThat(new GeneratorOptions(OUT, START, 1, 10, 1, 1, 42, 0.999).badRate())
                .isEqualTo(0.999);
    }

    @Test
    void datesMustBeWritable() {
        assertInvalid(
                () -> new GeneratorOptions(OUT, LocalDate.of(1969, 12, 31), 1, 10, 1, 1, 42, 0),
                "Start must be 1970-01-01 or later, got 1969-12-31");
        assertInvalid(
                () -> new GeneratorOptions(OUT, LocalDate.of(9999, 11, 30), 7, 10, 1, 1, 42, 0),
                "The generated days must end by 9999-12-01, but 7 days from 9999-11-30 do not; choose an earlier start"
                        + " or fewer days");
    }

    @Test
    void referencesMustBeGiven() {
        assertThatThrownBy(() -> new GeneratorOptions(null, START, 1, 10, 1, 1, 42, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("out is null");
        assertThatThrownBy(() -> new GeneratorOptions(OUT, null, 1, 10, 1, 1, 42, 0))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("start is null");
    }

    private static void assertInvalid(Runnable creation, String message) {
        assertThatThrownBy(creation::run)
                .isInstanceOfSatisfying(
                        AlmanacException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessage(message);
    }
}
