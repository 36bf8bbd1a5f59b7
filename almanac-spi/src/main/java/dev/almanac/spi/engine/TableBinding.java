package dev.almanac.spi.engine;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.type.Field;
import java.util.List;

/**
 * A table as one statement sees it: the name the statement used, the schema (with field ids) and
 * the data files that scan planning selected. Files may have been written under older schemas;
 * the engine maps their columns by field id.
 */
public record TableBinding(List<String> nameParts, List<Field> schema, List<DataFileReference> files) {
    public TableBinding {
        nameParts = List.copyOf(nameParts);
        schema = List.copyOf(schema);
        files = List.copyOf(files);
        if (nameParts.isEmpty()) {
            throw new IllegalArgumentException("table name is empty");
        }
    }

    public String displayName() {
        return String.join(".", nameParts);
    }

    public long bytes() {
        return files.stream().mapToLong(DataFileReference::sizeBytes).sum();
    }

    /** One Parquet data file of a table. */
    public record DataFileReference(String path, long sizeBytes, long rowCount) {
        public DataFileReference {
            requireNonNull(path, "path is null");
        }
    }
}
