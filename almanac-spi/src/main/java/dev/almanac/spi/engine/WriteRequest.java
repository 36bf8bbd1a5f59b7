package dev.almanac.spi.engine;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.type.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where and how to write a query's rows as table data files. The query returns the table's
 * columns in order, except those given a static value (as in Hive's {@code PARTITION (dt='...')}),
 * which are filled in. Every value is cast to the column's exact type and every file carries the
 * field ids of {@code columns}. Files are named uniquely, one folder per partition value.
 *
 * <p>{@code rereadable} says the query is cheap to run again, as a scan of a relation staged in the
 * session is: a partitioned write may then run it once per partition value instead of first keeping
 * its rows.
 */
public record WriteRequest(
        Path directory,
        List<Field> columns,
        List<String> partitionColumns,
        Map<String, String> staticValues,
        boolean rereadable) {
    public WriteRequest {
        requireNonNull(directory, "directory is null");
        columns = List.copyOf(columns);
        partitionColumns = List.copyOf(partitionColumns);
        staticValues = Map.copyOf(staticValues);
    }

    public WriteRequest(
            Path directory, List<Field> columns, List<String> partitionColumns, Map<String, String> staticValues) {
        this(directory, columns, partitionColumns, staticValues, false);
    }

    public List<Field> queryColumns() {
        return columns.stream()
                .filter(column -> !staticValues.containsKey(column.name()))
                .toList();
    }
}
