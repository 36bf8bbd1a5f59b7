package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/** Consecutive days, both ends included. */
public record DayRange(LocalDate start, LocalDate end) {
    public DayRange {
        requireNonNull(start, "start is null");
        requireNonNull(end, "end is null");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("range ends before it starts: " + start + " to " + end);
        }
    }

    public List<LocalDate> days() {
        return start.datesUntil(end.plusDays(1)).toList();
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(start) && !day.isAfter(end);
    }

    @Override
    public String toString() {
        return start + ".." + end;
    }
}
