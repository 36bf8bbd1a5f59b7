package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Files loaded and committed together into one table, with what the format derived from them. */
record LoadUnit(TableName table, List<Path> files, Map<String, String> attributes) {
    LoadUnit {
        requireNonNull(table, "table is null");
        files = List.copyOf(files);
        attributes = Map.copyOf(attributes);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a load unit needs files");
        }
    }

    String attribute(String name) {
        String value = attributes.get(name);
        if (value == null) {
            throw new IllegalStateException("load unit has no attribute " + name);
        }
        return value;
    }
}
