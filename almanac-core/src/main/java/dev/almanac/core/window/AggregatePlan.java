package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

/** How one aggregate's window value was brought up to date, and why. */
public record AggregatePlan(String aggregate, Kind kind, String reason) {
    public AggregatePlan {
        requireNonNull(aggregate, "aggregate is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(reason, "reason is null");
    }

    public enum Kind {
        /** The previous output plus the days that entered the window minus those that left it. */
        REUSE,
        /** Folded from the per-day partial states of every day in the window. */
        FOLD,
        /** Merged from at most two block states (a suffix and a prefix), kept up to date day by day. */
        BLOCKS,
        /** Computed from the source rows of every day in the window (no partial states). */
        RECOMPUTE,
        /** The output already covered this window from the same partial states. */
        UP_TO_DATE;

        public String displayName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    @Override
    public String toString() {
        return aggregate + ": " + kind.displayName() + " (" + reason + ")";
    }
}
