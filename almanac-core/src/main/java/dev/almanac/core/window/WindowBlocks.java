package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.Optional;

/**
 * How a window splits into block states, after the two-stacks sliding window: days are grouped in
 * aligned blocks as long as the window (a {@code fixed_start} window is one block from its start),
 * so a window is the suffix of one block (its first days up to that block's end) followed by the
 * prefix of the next (from that block's start to the window's end), or one whole prefix. A prefix
 * grows by one day's state a day; the suffixes of a block are built once, backwards, when the
 * window first reaches into the next block.
 */
record WindowBlocks(DayRange prefix, Optional<DayRange> suffix) {
    WindowBlocks {
        requireNonNull(prefix, "prefix is null");
        requireNonNull(suffix, "suffix is null");
    }

    static WindowBlocks of(Window window, DayRange range) {
        if (window instanceof Window.FixedLength fixed) {
            long length = fixed.length();
            LocalDate blockStart =
                    LocalDate.ofEpochDay(Math.floorDiv(range.end().toEpochDay(), length) * length);
            if (blockStart.isAfter(range.start())) {
                return new WindowBlocks(
                        new DayRange(blockStart, range.end()),
                        Optional.of(new DayRange(range.start(), blockStart.minusDays(1))));
            }
        }
        return new WindowBlocks(range, Optional.empty());
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
