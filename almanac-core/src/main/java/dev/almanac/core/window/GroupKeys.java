package dev.almanac.core.window;

import dev.almanac.spi.engine.QueryResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Group keys of the aggregates kept in Java maps (sketches, block states, Java aggregators). A key is
 * a list of its column values, compared by value; a binary value (a {@code byte[]}, compared by
 * identity) is held as {@link Bytes} while it is a map key and turned back into its array when the
 * key is written out as a row.
 */
final class GroupKeys {
    private GroupKeys() {}

    /** The key held in the first {@code keyColumns} columns of the current row. */
    static List<Object> read(QueryResult rows, int keyColumns) {
        List<Object> key = new ArrayList<>(keyColumns);
        for (int i = 0; i < keyColumns; i++) {
            key.add(held(rows.value(i)));
        }
        return key;
    }

    /** A key given as values (by a Java aggregator's mapper), held so it compares by value. */
    static List<Object> of(List<?> values) {
        List<Object> key = new ArrayList<>(values.size());
        values.forEach(value -> key.add(held(value)));
        return key;
    }

    /** Whether the current row's first {@code key.size()} columns hold {@code key}. */
    static boolean rowHas(QueryResult rows, List<Object> key) {
        for (int i = 0; i < key.size(); i++) {
            if (!Objects.equals(key.get(i), held(rows.value(i)))) {
                return false;
            }
        }
        return true;
    }

    /** A new row starting with the key's values as the engine takes them, room left for {@code more}. */
    static List<Object> row(List<Object> key, int more) {
        List<Object> row = new ArrayList<>(key.size() + more);
        addTo(row, key);
        return row;
    }

    /** Adds the key's values to {@code row} as the engine takes them. */
    static void addTo(List<Object> row, List<Object> key) {
        key.forEach(value -> row.add(value instanceof Bytes bytes ? bytes.value() : value));
    }

    private static Object held(Object value) {
        return value instanceof byte[] bytes ? new Bytes(bytes) : value;
    }

    /** A binary key value, equal to another of the same bytes. */
    record Bytes(byte[] value) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "0x" + HexFormat.of().formatHex(value);
        }
    }
}
