package dev.almanac.core.window;

import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.type.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A column of partial states held as bytes and merged in Java: the sketches of an approximate
 * distinct count, or the states of an aggregate written in Java.
 */
interface BinaryColumn {
    String name();

    /** The output columns a window's state finishes to. */
    List<Field> finishedColumns();

    Fold newFold();

    /** The merge of the states of one key. */
    interface Fold {
        void add(byte[] state);

        byte[] state();

        List<Object> finish();
    }

    /**
     * Folds rows {@code key columns…, one state column per binary column} per key; NULL states
     * (a key with no values for that column) are skipped.
     */
    static Map<List<Object>, Fold[]> fold(QueryResult rows, int keyColumns, List<BinaryColumn> columns) {
        return fold(rows, keyColumns, columns, new HashMap<>());
    }

    /** Folds the rows into {@code folds}, which may hold folds of earlier rows; returns it. */
    static Map<List<Object>, Fold[]> fold(
            QueryResult rows, int keyColumns, List<BinaryColumn> columns, Map<List<Object>, Fold[]> folds) {
        return fold(rows, keyColumns, columns, folds, null);
    }

    /**
     * Folds rows {@code key columns…, window_rows, one state column per binary column} into {@code
     * folds}, summing {@code window_rows} per key into {@code windowRows}; returns {@code folds}.
     */
    static Map<List<Object>, Fold[]> foldCounted(
            QueryResult rows,
            int keyColumns,
            List<BinaryColumn> columns,
            Map<List<Object>, Fold[]> folds,
            Map<List<Object>, long[]> windowRows) {
        return fold(rows, keyColumns, columns, folds, windowRows);
    }

    private static Map<List<Object>, Fold[]> fold(
            QueryResult rows,
            int keyColumns,
            List<BinaryColumn> columns,
            Map<List<Object>, Fold[]> folds,
            Map<List<Object>, long[]> windowRows) {
        int firstState = windowRows == null ? keyColumns : keyColumns + 1;
        while (rows.next()) {
            List<Object> key = GroupKeys.read(rows, keyColumns);
            Fold[] keyFolds = folds.computeIfAbsent(key, ignored -> {
                Fold[] created = new Fold[columns.size()];
                for (int i = 0; i < created.length; i++) {
                    created[i] = columns.get(i).newFold();
                }
                return created;
            });
            if (windowRows != null) {
                windowRows.computeIfAbsent(key, ignored -> new long[1])[0] +=
                        ((Number) rows.value(keyColumns)).longValue();
            }
            for (int i = 0; i < columns.size(); i++) {
                Object state = rows.value(firstState + i);
                if (state != null) {
                    keyFolds[i].add((byte[]) state);
                }
            }
        }
        return folds;
    }
}
