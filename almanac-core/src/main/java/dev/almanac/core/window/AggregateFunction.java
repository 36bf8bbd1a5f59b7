package dev.almanac.core.window;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The aggregates a window step computes. Invertible ones can take away the days that left the
 * window from the previous output; the others are folded from the per-day partial states.
 */
public enum AggregateFunction {
    COUNT(false, true),
    COUNT_IF(true, true),
    SUM(true, true),
    AVG(true, true),
    MIN(true, false),
    MAX(true, false),
    COUNT_DISTINCT(true, false),
    APPROX_COUNT_DISTINCT(true, false),
    FIRST(true, false),
    LAST(true, false);

    private final boolean takesArgument;
    private final boolean invertible;

    AggregateFunction(boolean takesArgument, boolean invertible) {
        this.takesArgument = takesArgument;
        this.invertible = invertible;
    }

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean takesArgument() {
        return takesArgument;
    }

    /** Whether a day's contribution can be subtracted again (Hourglass's unmerge). */
    public boolean invertible() {
        return invertible;
    }

    /**
     * A smallest or largest value: the previous output's stays valid unless it may have come from a
     * day that left the window, so only those keys are folded again.
     */
    public boolean extreme() {
        return this == MIN || this == MAX;
    }

    /** Ordered by the step's time column. */
    public boolean byTime() {
        return this == FIRST || this == LAST;
    }

    public static Optional<AggregateFunction> of(String configName) {
        return Arrays.stream(values())
                .filter(function -> function.configName().equals(configName.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(AggregateFunction::configName).collect(Collectors.joining(", "));
    }
}
