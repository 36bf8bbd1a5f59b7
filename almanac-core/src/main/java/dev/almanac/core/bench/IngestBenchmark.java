package dev.almanac.core.bench;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.engine.Engines;
import dev.almanac.core.generate.EdxGenerator;
import dev.almanac.core.generate.GeneratorOptions;
import dev.almanac.core.ingest.IngestListener;
import dev.almanac.core.ingest.IngestRunner;
import dev.almanac.core.ingest.SourceReport;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.core.warehouse.SourceKind;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.FileFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Almanac's end-to-end tracking-log ingest (parse, validate, normalize, write, commit, record)
 * against the ceiling of a bare DuckDB {@code read_json} to Parquet conversion of the same files,
 * in one process on the same data.
 */
public final class IngestBenchmark {
    private final Path directory;
    private final Map<String, String> environment;

    public IngestBenchmark(Path directory, Map<String, String> environment) {
        this.directory = requireNonNull(directory, "directory is null");
        this.environment = Map.copyOf(environment);
    }

    public Result run(long events, int days, long seed) {
        if (days < 1 || events < days) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "need at least one day and at least one event per day, not " + events + " events over " + days
                            + " days");
        }
        Path input = directory.resolve("input");
        int perDay = (int) Math.max(1, events / days);
        new EdxGenerator()
                .generate(new GeneratorOptions(input, LocalDate.parse("2024-01-01"), days, perDay, 5, 20_000, seed, 0));
        Path tracking = input.resolve("tracking");
        long compressedBytes = size(tracking);
        long textBytes = uncompressedSize(tracking);
        long totalEvents = (long) perDay * days;

        double loadBefore = loadAverage();
        Path ceilingOutput = directory.resolve("ceiling.parquet");
        Measurement ceiling;
        try (Engine engine = Engines.create("duckdb", new EngineContext(directory.resolve("tmp"), Map.of()))) {
            String query = "SELECT * FROM read_json('" + tracking + "/*.gz', format = 'newline_delimited')";
            ceiling = Measurement.of(() -> engine.export(query, List.of(), FileFormat.PARQUET, ceilingOutput));
        }

        SourceConfig source = new SourceConfig(
                "tracking", SourceKind.EDX_TRACKING_LOG, tracking + "/tracking.log-*", Optional.empty(), Map.of());
        Path warehouseDirectory = directory.resolve("warehouse");
        SourceReport[] report = new SourceReport[1];
        Measurement almanac;
        try (Warehouse warehouse = Warehouse.create(
                        warehouseDirectory, WarehouseConfig.defaults().withSources(List.of(source)), environment);
                Engine engine = Engines.create("duckdb", new EngineContext(warehouse.temporaryDirectory(), Map.of()))) {
            IngestRunner runner = new IngestRunner(warehouse, engine, "bench", Clock.systemUTC(), IngestListener.NONE);
            almanac = Measurement.of(
                    () -> report[0] = runner.run(List.of("tracking"), false).get(0));
        }
        return new Result(
                totalEvents,
                days,
                compressedBytes,
                textBytes,
                ceiling,
                almanac,
                report[0].rows(),
                size(ceilingOutput),
                loadBefore,
                loadAverage());
    }

    /** The system's load average over the last minute (negative where the platform has none). */
    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long size(Path path) {
        try (Stream<Path> files = Files.walk(path)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long uncompressedSize(Path tracking) {
        long total = 0;
        byte[] buffer = new byte[1 << 16];
        try (Stream<Path> files = Files.list(tracking)) {
            for (Path file : files.toList()) {
                try (InputStream input = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                    int read;
                    while ((read = input.read(buffer)) > 0) {
                        total += read;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total;
    }

    /** The figures of one run. */
    public record Result(
            long events,
            int days,
            long compressedBytes,
            long textBytes,
            Measurement ceiling,
            Measurement almanac,
            long rowsLoaded,
            long ceilingParquetBytes,
            double loadAverageBefore,
            double loadAverageAfter) {
        public double ceilingEventsPerSecond() {
            return events / ceiling.wallSeconds();
        }

        public double almanacEventsPerSecond() {
            return events / almanac.wallSeconds();
        }

        /** Almanac's rate as a fraction of the ceiling's. */
        public double ratio() {
            return almanacEventsPerSecond() / ceilingEventsPerSecond();
        }

        /**
         * The ceiling's CPU time as a fraction of Almanac's: what the ratio would be if both sides
         * kept every core equally busy, and steadier than wall time on a shared machine.
         */
        public double cpuRatio() {
            return ceiling.cpuSeconds() / almanac.cpuSeconds();
        }
    }
}
