package dev.almanac.core.pipeline;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;

/**
 * The query behind mode {@code merge} (an upsert by key): the table's rows whose key the step's
 * rows do not have, and all the step's rows. The result replaces the whole table in one commit,
 * so a merge costs a rewrite of the table: meant for dimension-sized tables. The step's query
 * names its columns as the table does; a NULL key never matches (as in SQL's MERGE).
 */
final class MergeQuery {
    private MergeQuery() {}

    static String of(Table table, TableWrite target, String query) {
        List<String> columns =
                table.schema().columns().stream().map(Types.NestedField::name).toList();
        for (String key : target.keyColumns()) {
            if (!columns.contains(key)) {
                throw new AlmanacException(
                        ErrorCode.COLUMN_NOT_FOUND,
                        "Merge key " + key + " is not a column of " + target.table() + "; its columns: "
                                + String.join(", ", columns));
            }
        }
        String list = columns.stream().map(MergeQuery::quoted).collect(Collectors.joining(", "));
        String matches = target.keyColumns().stream()
                .map(key -> "incoming." + quoted(key) + " = current_rows." + quoted(key))
                .collect(Collectors.joining(" AND "));
        return "WITH incoming AS (\n" + query + "\n)\nSELECT " + list + " FROM " + target.table()
                + " AS current_rows WHERE NOT EXISTS (SELECT 1 FROM incoming WHERE " + matches + ")\nUNION ALL\nSELECT "
                + list + " FROM incoming";
    }

    private static String quoted(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
