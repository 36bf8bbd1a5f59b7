package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a window splits into block states, after the two-stacks sliding window: days are grouped in
 * aligned blocks as long as the window (a {@code fixed_start} window is one block from its start),
 * so a window is the suffix of one block (its first days up to that block's end) followed by the
 * prefix of the next (from that block's start to the window's end), or one whole prefix. States
 * are stored a {@link #stride} apart: a prefix is written again once the days since the last one
 * it can build on reach the stride, and the suffixes of a block, built once, backwards, when the
 * window first reaches into the next block, are those covering whole strides. The days between a
 * window's edge and the nearest stored state are merged from their partial states.
 */
record WindowBlocks(DayRange prefix, Optional<DayRange> suffix, int stride) {
    WindowBlocks {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(suffix, "suffix is null");
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, not " + stride);
        }
    }

    static WindowBlocks of(Window window, DayRange range) {
        if (window instanceof Window.FixedLength fixed) {
            long length = fixed.length();
            LocalDate blockStart =
                    LocalDate.ofEpochDay(Math.floorDiv(range.end().toEpochDay(), length) * length);
            if (blockStart.isAfter(range.start())) {
                return new WindowBlocks(
                        new DayRange(blockStart, range.end()),
                        Optional.of(new DayRange(range.start(), blockStart.minusDays(1))),
                        stride(length));
            }
            return new WindowBlocks(range, Optional.empty(), stride(length));
        }
        return new WindowBlocks(range, Optional.empty(), stride(range.days().size()));
    }

    /**
     * How many days apart states are stored: the square root of the block's length, rounded up. A
     * window then merges at most {@code stride - 1} days' partial states on each side besides its
     * two stored states, and a block writes about {@code length / stride} states on each side
     * instead of {@code length}.
     */
    static int stride(long blockLength) {
        return (int) Math.max(1, Math.ceil(Math.sqrt(blockLength)));
    }

    /**
     * The days whose suffix states are stored, latest first: those whose suffix covers a whole
     * number of strides, counted back from the block's end, within the suffix.
     */
    List<LocalDate> suffixStates() {
        DayRange days = suffix.orElseThrow();
        List<LocalDate> stored = new ArrayList<>();
        for (LocalDate day = days.end().minusDays(stride - 1L);
                !day.isBefore(days.start());
                day = day.minusDays(stride)) {
            stored.add(day);
        }
        return stored;
    }

    /** The days the prefix state at {@code day} covers: from the prefix's block start to that day. */
    DayRange prefixCover(LocalDate day) {
        return new DayRange(prefix.start(), day);
    }

    /** The days the suffix state at {@code day} covers: from that day to the block's end. */
    DayRange suffixCover(LocalDate day) {
        return new DayRange(day, suffix.orElseThrow().end());
    }
}
