package dev.almanac.testing.window;

import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.spi.window.Accumulator;
import dev.almanac.spi.window.Mapper;
import dev.almanac.spi.window.Merger;
import dev.almanac.spi.window.WindowAggregator;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.TreeSet;

/**
 * Per learner, the sessions in the window: runs of events no more than 30 minutes apart, across
 * midnight too. It does not unmerge, so windows are kept with block states.
 */
public final class SessionCount implements WindowAggregator<TreeSet<Long>> {
    static final long GAP_SECONDS = 30 * 60;

    @Override
    public List<String> sourceColumns() {
        return List.of("username", "time");
    }

    @Override
    public List<Field> keyColumns() {
        return List.of(Field.of("username", PrimitiveType.STRING));
    }

    @Override
    public List<Field> outputColumns() {
        return List.of(Field.of("sessions", PrimitiveType.BIGINT), Field.of("events", PrimitiveType.BIGINT));
    }

    @Override
    public Mapper mapper() {
        return (row, output) -> {
            if (row.get(0) != null && row.get(1) != null) {
                output.emit(List.of(row.get(0)), ((LocalDateTime) row.get(1)).toEpochSecond(ZoneOffset.UTC));
            }
        };
    }

    @Override
    public Accumulator<TreeSet<Long>> accumulator() {
        return LongSetStates.accumulator();
    }

    @Override
    public Merger<TreeSet<Long>> merger() {
        return new Merger<>() {
            @Override
            public TreeSet<Long> merge(TreeSet<Long> left, TreeSet<Long> right) {
                return LongSetStates.union(left, right);
            }

            @Override
            public List<Object> finish(TreeSet<Long> times) {
                long sessions = 0;
                long previous = Long.MIN_VALUE;
                for (long time : times) {
                    if (previous == Long.MIN_VALUE || time - previous > GAP_SECONDS) {
                        sessions++;
                    }
                    previous = time;
                }
                return List.of(sessions, (long) times.size());
            }
        };
    }
}
