package dev.almanac.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A source of raw data declared in {@code almanac.yaml}: where its files are (a glob, relative to
 * the warehouse unless absolute), what format they have and which table they land in.
 */
public record SourceConfig(
        String name, SourceKind kind, String location, Optional<String> table, Map<String, String> options) {
    public SourceConfig {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
        requireNonNull(location, "location is null");
        requireNonNull(table, "table is null");
        options = Collections.unmodifiableMap(new TreeMap<>(options));
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }
}
