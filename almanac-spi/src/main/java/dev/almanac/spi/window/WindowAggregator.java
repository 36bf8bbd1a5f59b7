package dev.almanac.spi.window;

import dev.almanac.spi.type.Field;
import java.util.List;

/**
 * An aggregate written in Java for a window step ({@code aggregator: <binary class name>}),
 * found with {@link java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/dev.almanac.spi.window.WindowAggregator} and give it a public no-argument
 * constructor.
 *
 * <p>Each source row of a day is given to the {@link Mapper}, which emits (key, value) pairs; the
 * values of a key and day are added to one {@link Accumulator} state, stored as bytes in the
 * step's {@code <target>__daily} table. A window's state is the {@link Merger merge} of its days'
 * states, and its output columns are the merger's {@link Merger#finish finish} of that state. When
 * the merger can {@link Merger#unmerge unmerge}, the previous output's state is reused: the days
 * that entered the window are merged in and those that left it are taken out.
 *
 * @param <S> the partial state
 */
public interface WindowAggregator<S> {
    /** The source columns the mapper reads, in the order {@link Mapper#map} receives them. */
    List<String> sourceColumns();

    /** The output's key columns, in the order the mapper emits key values. */
    List<Field> keyColumns();

    /** The output's value columns, in the order {@link Merger#finish} returns them. */
    List<Field> outputColumns();

    Mapper mapper();

    Accumulator<S> accumulator();

    Merger<S> merger();
}
