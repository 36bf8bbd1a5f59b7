package dev.almanac.spi.window;

import java.util.List;

/**
 * Combines partial states of the same key and turns a window's state into output values. Merging
 * must be associative and commutative: days are merged in any order and grouping.
 *
 * @param <S> the partial state
 */
public interface Merger<S> {
    /** The state of both; may change and return either argument. */
    S merge(S left, S right);

    /**
     * Whether {@link #unmerge} is implemented. When it is, a window's output is kept by taking the
     * days that left the window out of the previous state instead of merging every day again.
     */
    default boolean canUnmerge() {
        return false;
    }

    /**
     * The state of {@code whole} without {@code part}, where {@code part} is the merge of days that
     * were merged into {@code whole}; may change and return {@code whole}.
     */
    default S unmerge(S whole, S part) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot unmerge");
    }

    /** The output values of a window's state, one per {@link WindowAggregator#outputColumns()} column. */
    List<Object> finish(S state);
}
