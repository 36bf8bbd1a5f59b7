package dev.almanac.testing;

import dev.almanac.spi.engine.QueryResult;
import java.util.ArrayList;
import java.util.List;

/** The rows of a query result as lists of column values, for assertions. */
public final class QueryRows {
    private QueryRows() {}

    /** Reads every remaining row of {@code result} and closes it. */
    public static List<List<Object>> all(QueryResult result) {
        try (result) {
            List<List<Object>> rows = new ArrayList<>();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < result.columns().size(); i++) {
                    row.add(result.value(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
