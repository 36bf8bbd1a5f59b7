package dev.almanac.core.demo;

import dev.almanac.core.generate.EdxGenerator;
import dev.almanac.core.generate.GenerationSummary;
import dev.almanac.core.generate.GeneratorOptions;
import dev.almanac.core.generate.KhanGenerator;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.core.warehouse.SourceKind;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.core.warehouse.WarehouseConfigParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sets up the demo: a warehouse whose sources point at generated edX and Khan Academy data. Data
 * is generated once; running the demo again reuses it, and ingestion then finds nothing new.
 */
public final class DemoWarehouse {
    public static final LocalDate START = LocalDate.parse("2024-01-01");

    private DemoWarehouse() {}

    public static List<SourceConfig> sources() {
        return List.of(
                new SourceConfig(
                        "tracking",
                        SourceKind.EDX_TRACKING_LOG,
                        "incoming/edx/tracking/tracking.log-*",
                        Optional.empty(),
                        Map.of("max-error-rate", "0.01")),
                new SourceConfig(
                        "exports",
                        SourceKind.EDX_SQL_EXPORT,
                        "incoming/edx/sql/*/*-analytics.sql",
                        Optional.empty(),
                        Map.of()),
                new SourceConfig(
                        "surveys", SourceKind.CSV, "incoming/edx/surveys/*.csv", Optional.of("raw.surveys"), Map.of()),
                new SourceConfig(
                        "khan",
                        SourceKind.ENTITY_DUMP,
                        "incoming/khan/entity_store/*/*/*.gz",
                        Optional.empty(),
                        Map.of()));
    }

    /** Opens the demo warehouse in {@code directory}, creating it (with its sources) when missing. */
    public static Warehouse open(Path directory, Map<String, String> environment) {
        if (Files.isRegularFile(directory.resolve(WarehouseConfigParser.FILE_NAME))) {
            return Warehouse.open(directory, environment);
        }
        return Warehouse.create(directory, WarehouseConfig.defaults().withSources(sources()), environment);
    }

    /** Generates the demo data unless it is there already; empty when nothing was generated. */
    public static Optional<GenerationSummary> generate(Path directory, int days, int eventsPerDay) {
        Path edx = directory.resolve("incoming/edx");
        Path khan = directory.resolve("incoming/khan");
        if (Files.isDirectory(edx) || Files.isDirectory(khan)) {
            return Optional.empty();
        }
        GenerationSummary edxSummary =
                new EdxGenerator().generate(new GeneratorOptions(edx, START, days, eventsPerDay, 5, 2_000, 42, 0.001));
        GenerationSummary khanSummary = new KhanGenerator()
                .generate(new GeneratorOptions(khan, START, days, eventsPerDay / 4, 3, 1_000, 42, 0.001));
        return Optional.of(new GenerationSummary(
                edxSummary.files() + khanSummary.files(),
                edxSummary.records() + khanSummary.records(),
                edxSummary.badRecords() + khanSummary.badRecords(),
                edxSummary.bytes() + khanSummary.bytes()));
    }
}
