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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Almanac's end-to-end tracking-log ingest (parse, validate, normalize, write, commit, record)
 * against the ceiling of a bare DuckDB {@code read_json} to Parquet conversion of the same files,
 * in one process on the same data, over several rounds: one run of either side moves by a fifth or
 * more with the state of the machine and the JVM, so the ratios are taken from the medians.
 */
public final class IngestBenchmark {
    private static final String CEILING_OUTPUT = "ceiling.parquet";

    private final Path directory;
    private final Map<String, String> environment;

    public IngestBenchmark(Path directory, Map<String, String> environment) {
        this.directory = requireNonNull(directory, "directory is null");
        this.environment = Map.copyOf(environment);
    }

    /**
     * Generates the files once, then times {@code runs} rounds of the ceiling and Almanac's ingest
     * (into a new warehouse each round), one after the other, so that both sides see the same state
     * of the machine and the JVM round after round.
     */
    public Result run(long events, int days, long seed, int runs) {
        if (days < 1 || events < days) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "need at least one day and at least one event per day, not " + events + " events over " + days
                            + " days");
        }
        if (runs < 1) {
            throw new AlmanacException(ErrorCode.INVALID_ARGUMENT, "need at least one run, not " + runs);
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
        List<Round> rounds = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            rounds.add(round(tracking, directory.resolve("run-" + run)));
        }
        long ceilingBytes = size(directory.resolve("run-" + runs).resolve(CEILING_OUTPUT));
        return new Result(
                totalEvents, days, compressedBytes, textBytes, rounds, ceilingBytes, loadBefore, loadAverage());
    }

    /** The ceiling, then Almanac's ingest into a new warehouse, both working in {@code folder}. */
    private Round round(Path tracking, Path folder) {
        Measurement ceiling;
        try (Engine engine = Engines.create("duckdb", new EngineContext(folder.resolve("tmp"), Map.of()))) {
            String query = "SELECT * FROM read_json('" + tracking + "/*.gz', format = 'newline_delimited')";
            ceiling = Measurement.of(
                    () -> engine.export(query, List.of(), FileFormat.PARQUET, folder.resolve(CEILING_OUTPUT)));
        }

        SourceConfig source = new SourceConfig(
                "tracking", SourceKind.EDX_TRACKING_LOG, tracking + "/tracking.log-*", Optional.empty(), Map.of());
        SourceReport[] report = new SourceReport[1];
        Measurement almanac;
        try (Warehouse warehouse = Warehouse.create(
                        folder.resolve("warehouse"),
                        WarehouseConfig.defaults().withSources(List.of(source)),
                        environment);
                Engine engine = Engines.create("duckdb", new EngineContext(warehouse.temporaryDirectory(), Map.of()))) {
            IngestRunner runner = new IngestRunner(warehouse, engine, "bench", Clock.systemUTC(), IngestListener.NONE);
            almanac = Measurement.of(
                    () -> report[0] = runner.run(List.of("tracking"), false).get(0));
        }
        return new Round(ceiling, almanac, report[0].rows());
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

    /** One round: the ceiling, then Almanac's ingest of the same files. */
    public record Round(Measurement ceiling, Measurement almanac, long rowsLoaded) {
        public Round {
            requireNonNull(ceiling, "ceiling is null");
            requireNonNull(almanac, "almanac is null");
        }

        /** Almanac's rate as a fraction of the ceiling's in this round. */
        public double ratio() {
            return ceiling.wallSeconds() / almanac.wallSeconds();
        }
    }

    /** The figures of every round, and the medians the ratios are taken from. */
    public record Result(
            long events,
            int days,
            long compressedBytes,
            long textBytes,
            List<Round> rounds,
            long ceilingParquetBytes,
            double loadAverageBefore,
            double loadAverageAfter) {
        public Result {
            rounds = List.copyOf(rounds);
            if (rounds.isEmpty()) {
                throw new IllegalArgumentException("a result needs at least one round");
            }
        }

        /** The ceiling's median wall and median CPU time over the rounds. */
        public Measurement ceiling() {
            return Measurement.median(rounds.stream().map(Round::ceiling).toList());
        }

        /** Almanac's median wall and median CPU time over the rounds. */
        public Measurement almanac() {
            return Measurement.median(rounds.stream().map(Round::almanac).toList());
        }

        public long rowsLoaded() {
            return rounds.get(rounds.size() - 1).rowsLoaded();
        }

        public double ceilingEventsPerSecond() {
            return events / ceiling().wallSeconds();
        }

        public double almanacEventsPerSecond() {
            return events / almanac().wallSeconds();
        }

        /** Almanac's median rate as a fraction of the ceiling's. */
        public double ratio() {
            return almanacEventsPerSecond() / ceilingEventsPerSecond();
        }

        /**
         * The ceiling's median CPU time as a fraction of Almanac's: what the ratio would be if both
         * sides kept every core equally busy, and steadier than wall time on a shared machine.
         */
        public double cpuRatio() {
            return ceiling().cpuSeconds() / almanac().cpuSeconds();
        }
    }
}
