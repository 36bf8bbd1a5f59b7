package dev.almanac.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

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
 */
public record WarehouseConfig(
        String catalogName,
        String engine,
        String dataLocation,
        String controlDatabaseUrl,
        Optional<String> controlDatabaseUser,
        Optional<String> controlDatabasePasswordVariable,
        List<SourceConfig> sources,
        SparkConfig spark) {
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
                SparkConfig.defaults());
    }

    public WarehouseConfig withControlDatabase(String url, Optional<String> user, Optional<String> passwordVariable) {
        return new WarehouseConfig(catalogName, engine, dataLocation, url, user, passwordVariable, sources, spark);
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
                spark);
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
                newSpark);
    }

    public Optional<SourceConfig> source(String name) {
        return sources.stream().filter(source -> source.name().equals(name)).findFirst();
    }
}
