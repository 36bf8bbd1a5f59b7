package dev.almanac.testing.window;

import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.spi.window.Accumulator;
import dev.almanac.spi.window.Mapper;
import dev.almanac.spi.window.Merger;
import dev.almanac.spi.window.WindowAggregator;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeSet;

/**
 * Per learner, the longest run of consecutive active days in the window and the active days. The
 * state is the set of active days, so a day that leaves the window can be taken out again.
 */
public final class LongestStreak implements WindowAggregator<TreeSet<Long>> {
    @Override
    public List<String> sourceColumns() {
        return List.of("username", "dt");
    }

    @Override
    public List<Field> keyColumns() {
        return List.of(Field.of("username", PrimitiveType.STRING));
    }

    @Override
    public List<Field> outputColumns() {
        return List.of(Field.of("longest_streak", PrimitiveType.BIGINT), Field.of("active_days", PrimitiveType.BIGINT));
    }

    @Override
    public Mapper mapper() {
        return (row, output) -> {
            if (row.get(0) != null) {
                output.emit(List.of(row.get(0)), ((LocalDate) row.get(1)).toEpochDay());
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
            public boolean canUnmerge() {
                return true;
            }

            @Override
            public TreeSet<Long> unmerge(TreeSet<Long> whole, TreeSet<Long> part) {
                whole.removeAll(part);
                return whole;
            }

            @Override
            public List<Object> finish(TreeSet<Long> days) {
                long longest = 0;
                long current = 0;
                long previous = Long.MIN_VALUE;
                for (long day : days) {
                    current = day == previous + 1 ? current + 1 : 1;
                    longest = Math.max(longest, current);
                    previous = day;
                }
                return List.of(longest, (long) days.size());
            }
        };
    }
}
