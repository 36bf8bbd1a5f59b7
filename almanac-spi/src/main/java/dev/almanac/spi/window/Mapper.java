package dev.almanac.spi.window;

import java.util.List;

/** Turns one source row into zero or more (key, value) pairs. */
@FunctionalInterface
public interface Mapper {
    /**
     * Maps a row whose values are those of {@link WindowAggregator#sourceColumns()}, in that order
     * (Java types as in {@link dev.almanac.spi.engine.QueryResult}); emits pairs to {@code output}.
     */
    void map(List<Object> row, Output output);

    /** Receives the pairs a mapper emits. */
    @FunctionalInterface
    interface Output {
        /** {@code key} holds one value per {@link WindowAggregator#keyColumns()} column. */
        void emit(List<Object> key, Object value);
    }
}
