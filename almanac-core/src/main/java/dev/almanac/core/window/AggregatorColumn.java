package dev.almanac.core.window;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.spi.window.WindowAggregator;
import java.util.ArrayList;
import java.util.List;

/** The states of an aggregate written in Java, merged with its merger. */
record AggregatorColumn<S>(WindowAggregator<S> aggregator) implements BinaryColumn {
    static final String NAME = "window_state";

    AggregatorColumn {
        requireNonNull(aggregator, "aggregator is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The output columns, then (for a merger that can unmerge) the window's state, kept for the next run. */
    @Override
    public List<Field> finishedColumns() {
        List<Field> columns = new ArrayList<>(aggregator.outputColumns());
        if (aggregator.merger().canUnmerge()) {
            columns.add(Field.of(NAME, PrimitiveType.BINARY));
        }
        return columns;
    }

    @Override
    public Fold newFold() {
        return new StateFold<>(aggregator);
    }

    /** Merges states as they come; {@link #remove} takes a state out again (only for mergers that can). */
    static final class StateFold<S> implements Fold {
        private final WindowAggregator<S> aggregator;
        private S state;
        private S removed;

        StateFold(WindowAggregator<S> aggregator) {
            this.aggregator = aggregator;
        }

        @Override
        public void add(byte[] bytes) {
            S next = aggregator.accumulator().deserialize(bytes);
            state = state == null ? next : aggregator.merger().merge(state, next);
        }

        /** Collects a state to take out; all are taken out together when the result is read. */
        void remove(byte[] bytes) {
            S next = aggregator.accumulator().deserialize(bytes);
            removed = removed == null ? next : aggregator.merger().merge(removed, next);
        }

        private S result() {
            if (removed != null) {
                state = aggregator.merger().unmerge(state, removed);
                removed = null;
            }
            return state;
        }

        @Override
        public byte[] state() {
            return aggregator.accumulator().serialize(result());
        }

        @Override
        public List<Object> finish() {
            List<Object> values = new ArrayList<>(aggregator.merger().finish(result()));
            if (values.size() != aggregator.outputColumns().size()) {
                throw new AlmanacException(
                        ErrorCode.INVALID_ARGUMENT,
                        aggregator.getClass().getName() + " finished a state to " + values.size() + " values for "
                                + aggregator.outputColumns().size() + " output columns "
                                + aggregator.outputColumns());
            }
            if (aggregator.merger().canUnmerge()) {
                values.add(aggregator.accumulator().serialize(state));
            }
            return values;
        }
    }
}
