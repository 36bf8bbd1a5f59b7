package dev.almanac.core.table;

import dev.almanac.core.catalog.TypeConversion;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.TableBinding;
import dev.almanac.spi.engine.WriteRequest;
import dev.almanac.spi.engine.WriteResult;
import dev.almanac.spi.type.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;

/** Writes a query's rows as data files of a table, ready to commit. */
public final class TableFiles {
    private TableFiles() {}

    /**
     * Runs {@code query} on the engine and writes its rows under the table's data folder, typed and
     * partitioned as the table says. {@code staticValues} fill columns the query does not return.
     */
    public static List<DataFile> write(
            Engine engine, Table table, String query, List<TableBinding> inputs, Map<String, String> staticValues) {
        return write(engine, table, query, inputs, staticValues, false);
    }

    /**
     * Writes the rows of a query that only reads relations staged in the engine's session, and so
     * is cheap to run again: a partitioned write may run it once per partition value.
     */
    public static List<DataFile> writeStaged(Engine engine, Table table, String query) {
        return write(engine, table, query, List.of(), Map.of(), true);
    }

    private static List<DataFile> write(
            Engine engine,
            Table table,
            String query,
            List<TableBinding> inputs,
            Map<String, String> staticValues,
            boolean rereadable) {
        List<String> partitionColumns = table.spec().fields().stream()
                .map(field -> table.schema().findColumnName(field.sourceId()))
                .toList();
        Path directory = LocalPaths.toPath(table.location()).resolve("data");
        WriteRequest request = new WriteRequest(
                directory, TypeConversion.toFields(table.schema()), partitionColumns, staticValues, rereadable);
        WriteResult result = engine.write(query, inputs, request);
        return WrittenFiles.toDataFiles(table, table.spec(), result.files());
    }

    /**
     * Projects a query whose output columns are named onto the table's columns, matched by name; a
     * table column the query does not give is NULL.
     */
    public static String byName(String query, List<Field> given, Table table) {
        Set<String> names = new HashSet<>();
        given.forEach(field -> names.add(field.name()));
        List<String> projection = new ArrayList<>();
        for (Field column : TypeConversion.toFields(table.schema())) {
            String quoted = "\"" + column.name().replace("\"", "\"\"") + "\"";
            projection.add(names.contains(column.name()) ? "named." + quoted : "NULL AS " + quoted);
        }
        return "SELECT " + String.join(", ", projection) + " FROM (" + query + "\n) AS named";
    }
}
