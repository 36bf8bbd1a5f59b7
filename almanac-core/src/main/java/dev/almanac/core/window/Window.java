package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** The days a window step covers for a run date. */
public sealed interface Window {
    DayRange range(LocalDate runDate);

    String describe();

    /** The last {@code length} days ending {@code daysAgo} days before the run date. */
    record FixedLength(int length, int daysAgo) implements Window {
        public FixedLength {
            if (length < 1 || daysAgo < 0) {
                throw new IllegalArgumentException("fixed_length is at least 1 and days_ago at least 0");
            }
        }

        @Override
        public DayRange range(LocalDate runDate) {
            LocalDate end = runDate.minusDays(daysAgo);
            return new DayRange(end.minusDays(length - 1L), end);
        }

        @Override
        public String describe() {
            return "fixed_length " + length + (daysAgo == 0 ? "" : ", days_ago " + daysAgo);
        }
    }

    /** Every day from {@code start} to the run date. */
    record FixedStart(LocalDate start) implements Window {
        public FixedStart {
            requireNonNull(start, "start is null");
        }

        @Override
        public DayRange range(LocalDate runDate) {
            if (runDate.isBefore(start)) {
                throw new IllegalArgumentException(
                        "run date " + runDate + " is before the window's fixed_start " + start);
            }
            return new DayRange(start, runDate);
        }

        @Override
        public String describe() {
            return "fixed_start " + start;
        }
    }
}
