package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import java.util.List;

/** The table a step writes, how, and for {@link WriteMode#MERGE} the key columns that identify a row. */
public record TableWrite(TableName table, WriteMode mode, List<String> keyColumns) {
    public TableWrite {
        requireNonNull(table, "table is null");
        requireNonNull(mode, "mode is null");
        keyColumns = List.copyOf(keyColumns);
        if ((mode == WriteMode.MERGE) == keyColumns.isEmpty()) {
            throw new IllegalArgumentException(
                    "key columns go with, and only with, mode merge: " + mode + " " + keyColumns);
        }
    }

    public static TableWrite of(TableName table, WriteMode mode) {
        return new TableWrite(table, mode, List.of());
    }
}
