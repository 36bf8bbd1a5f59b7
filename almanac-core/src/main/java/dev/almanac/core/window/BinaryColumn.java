package dev.almanac.core.window;

import dev.almanac.spi.engine.QueryResult;
import dev.almanac.spi.type.Field;
import java.util.ArrayList;
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
        while (rows.next()) {
            List<Object> key = new ArrayList<>(keyColumns);
            for (int i = 0; i < keyColumns; i++) {
                key.add(rows.value(i));
            }
            Fold[] keyFolds = folds.computeIfAbsent(key, ignored -> {
                Fold[] created = new Fold[columns.size()];
                for (int i = 0; i < created.length; i++) {
                    created[i] = columns.get(i).newFold();
                }
                return created;
            });
            for (int i = 0; i < columns.size(); i++) {
                Object state = rows.value(keyColumns + i);
                if (state != null) {
                    keyFolds[i].add((byte[]) state);
                }
            }
        }
        return folds;
    }
}
