package dev.almanac.testing.window;

import dev.almanac.spi.window.Accumulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeSet;

/**
 * States that are sets of longs: the accumulator that collects a day's values, the union of two
 * sets, and the bytes they are stored as (a count, then the values).
 */
final class LongSetStates {
    private static final Accumulator<TreeSet<Long>> ACCUMULATOR = new Accumulator<>() {
        @Override
        public TreeSet<Long> create() {
            return new TreeSet<>();
        }

        @Override
        public TreeSet<Long> add(TreeSet<Long> state, Object value) {
            state.add((Long) value);
            return state;
        }

        @Override
        public byte[] serialize(TreeSet<Long> state) {
            return LongSetStates.serialize(state);
        }

        @Override
        public TreeSet<Long> deserialize(byte[] bytes) {
            return LongSetStates.deserialize(bytes);
        }
    };

    private LongSetStates() {}

    /** Collects each mapped value (a {@code Long}) into the key's set. */
    static Accumulator<TreeSet<Long>> accumulator() {
        return ACCUMULATOR;
    }

    /** {@code left} with every value of {@code right} added. */
    static TreeSet<Long> union(TreeSet<Long> left, TreeSet<Long> right) {
        left.addAll(right);
        return left;
    }

    static byte[] serialize(TreeSet<Long> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(values.size());
            for (long value : values) {
                out.writeLong(value);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static TreeSet<Long> deserialize(byte[] bytes) {
        TreeSet<Long> values = new TreeSet<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                values.add(in.readLong());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }
}
