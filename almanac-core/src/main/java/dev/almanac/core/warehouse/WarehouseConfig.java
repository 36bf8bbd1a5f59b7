package dev.almanac.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The contents of {@code almanac.yaml}.
 *
 * @param catalogName the Iceberg catalog name; every process reading the tables must use the same one
 * @param engine the default engine
 * @param dataLocation where table files live: a path (relative to the warehouse) or a URI
 * @param controlDatabaseUrl JDBC URL; a relative SQLite file is relative to the warehouse
 * @param controlDatabasePasswordVariable the environment variable holding the password, if any
 * @param sources the raw data sources {@code almanac ingest} lands
 * @param spark where the Spark engine's driver runs and with what resources
 * @param duckdb DuckDB settings (name to value) every embedded DuckDB session of the warehouse starts with
 */
public record WarehouseConfig(
        String catalogName,
        String engine,
        String dataLocation,
        String controlDatabaseUrl,
        Optional<String> controlDatabaseUser,
        Optional<String> controlDatabasePasswordVariable,
        List<SourceConfig> sources,
        SparkConfig spark,
        Map<String, String> duckdb) {
    public static final String DEFAULT_CATALOG = "almanac";
    public static final String DEFAULT_ENGINE = "duckdb";
    public static final String DEFAULT_DATA = "data";
    public static final String DEFAULT_CONTROL_DATABASE = "jdbc:sqlite:control.db";

    public WarehouseConfig {
        requireNonNull(catalogName, "catalogName is null");
        requireNonNull(engine, "engine is null");
        requireNonNull(dataLocation, "dataLocation is null");
        requireNonNull(controlDatabaseUrl, "controlDatabaseUrl is null");
        requireNonNull(controlDatabaseUser, "controlDatabaseUser is null");
        requireNonNull(controlDatabasePasswordVariable, "controlDatabasePasswordVariable is null");
        sources = List.copyOf(sources);
        requireNonNull(spark, "spark is null");
        duckdb = Collections.unmodifiableMap(new TreeMap<>(duckdb));
    }

    public static WarehouseConfig defaults() {
        return new WarehouseConfig(
                DEFAULT_CATALOG,
                DEFAULT_ENGINE,
                DEFAULT_DATA,
                DEFAULT_CONTROL_DATABASE,
                Optional.empty(),
                Optional.empty(),
                List.of(),
                SparkConfig.defaults(),
                Map.of());
    }

    public WarehouseConfig withControlDatabase(String url, Optional<String> user, Optional<String> passwordVariable) {
        return new WarehouseConfig(
                catalogName, engine, dataLocation, url, user, passwordVariable, sources, spark, duckdb);
    }

    public WarehouseConfig withSources(List<SourceConfig> newSources) {
        return new WarehouseConfig(
                catalogName,
                engine,
                dataLocation,
                controlDatabaseUrl,
                controlDatabaseUser,
                controlDatabasePasswordVariable,
                newSources,
                spark,
                duckdb);
    }

    public WarehouseConfig withSpark(SparkConfig newSpark) {
        return new WarehouseConfig(
                catalogName,
                engine,
                dataLocation,
                controlDatabaseUrl,
                controlDatabaseUser,
                controlDatabasePasswordVariable,
                sources,
                newSpark,
                duckdb);
    }

    public WarehouseConfig withDuckdb(Map<String, String> newDuckdb) {
        return new WarehouseConfig(
                catalogName,
                engine,
                dataLocation,
                controlDatabaseUrl,
                controlDatabaseUser,
                controlDatabasePasswordVariable,
                sources,
                spark,
                newDuckdb);
    }

    /** The DuckDB settings as engine properties ({@code duckdb.<name>}). */
    public Map<String, String> duckdbEngineProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        duckdb.forEach((name, value) -> properties.put("duckdb." + name, value));
        return properties;
    }

    public Optional<SourceConfig> source(String name) {
        return sources.stream().filter(source -> source.name().equals(name)).findFirst();
    }
}
