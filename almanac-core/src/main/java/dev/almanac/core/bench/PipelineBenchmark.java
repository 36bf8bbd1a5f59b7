package dev.almanac.core.bench;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.demo.DemoWarehouse;
import dev.almanac.core.engine.Engines;
import dev.almanac.core.ingest.IngestListener;
import dev.almanac.core.ingest.IngestRunner;
import dev.almanac.core.pipeline.Lineage;
import dev.almanac.core.pipeline.Pipeline;
import dev.almanac.core.pipeline.PipelineLocator;
import dev.almanac.core.pipeline.PipelineRunner;
import dev.almanac.core.pipeline.Step;
import dev.almanac.core.pipeline.StepOutcome;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled daily pipelines on DuckDB and on Spark over the same demo warehouse: the demo data is
 * generated and landed once, then each pipeline runs for every day of it on DuckDB, then again on
 * Spark, each run timed and each starting without the pipeline's output tables. Spark's driver is
 * started before the runs and its start timed apart.
 */
public final class PipelineBenchmark {
    private static final String PRINCIPAL = "bench";

    private final Path directory;
    private final Map<String, String> environment;
    private final Map<String, String> sparkProperties;

    /** {@code sparkProperties}: the Spark engine's properties (master, where its jars are, …). */
    public PipelineBenchmark(Path directory, Map<String, String> environment, Map<String, String> sparkProperties) {
        this.directory = requireNonNull(directory, "directory is null");
        this.environment = Map.copyOf(environment);
        this.sparkProperties = Map.copyOf(sparkProperties);
    }

    public record Options(int days, int eventsPerDay, List<String> pipelines) {
        public Options {
            if (days < 1 || eventsPerDay < 1) {
                throw new IllegalArgumentException("need days >= 1 and events per day >= 1");
            }
            pipelines = List.copyOf(pipelines);
        }
    }

    /**
     * One pipeline's run on one engine: its time and the rows its steps reported (written, checked),
     * or why it did not succeed.
     */
    public record Run(Optional<EngineTime> time, long rows, Optional<String> failure) {
        static Run succeeded(EngineTime time, long rows) {
            return new Run(Optional.of(time), rows, Optional.empty());
        }

        static Run failed(String reason) {
            return new Run(Optional.empty(), 0, Optional.of(reason));
        }
    }

    /** A pipeline's dates and its run on each engine. */
    public record Row(String pipeline, int dates, Run duckdb, Run spark) {
        /** Spark's wall time over DuckDB's, when both succeeded. */
        public Optional<Double> ratio() {
            return duckdb.time()
                    .flatMap(duck -> spark.time()
                            .map(onSpark -> onSpark.almanac().wallSeconds()
                                    / duck.almanac().wallSeconds()));
        }
    }

    public record Result(Measurement generation, Measurement ingest, Duration sparkStart, List<Row> rows) {}

    /** Hears of the benchmark's progress: the data ready and the driver started, then each pipeline. */
    public interface Listener {
        default void prepared(Measurement generation, Measurement ingest, Duration sparkStart) {}

        default void measured(Row row) {}
    }

    public Result run(Options options, Listener listener) {
        Path warehouseDirectory = directory.resolve("warehouse");
        Measurement generation = Measurement.of(
                () -> DemoWarehouse.generate(warehouseDirectory, options.days(), options.eventsPerDay()));
        try (Warehouse warehouse = DemoWarehouse.open(warehouseDirectory, environment);
                SqlSession duckdb = new SqlSession(
                        warehouse,
                        Engines.create("duckdb", new EngineContext(warehouse.temporaryDirectory(), Map.of())),
                        PRINCIPAL,
                        Clock.systemUTC())) {
            Measurement ingest = Measurement.of(() -> new IngestRunner(
                            warehouse, duckdb.engine(), PRINCIPAL, Clock.systemUTC(), IngestListener.NONE, environment)
                    .run(List.of(), false));
            List<LocalDate> dates = DemoWarehouse.START
                    .datesUntil(DemoWarehouse.START.plusDays(options.days()))
                    .toList();
            long started = System.nanoTime();
            Engine sparkEngine =
                    Engines.create("spark", new EngineContext(warehouse.temporaryDirectory(), sparkProperties));
            Duration sparkStart = Duration.ofNanos(System.nanoTime() - started);
            try (SqlSession spark = new SqlSession(warehouse, sparkEngine, PRINCIPAL, Clock.systemUTC())) {
                listener.prepared(generation, ingest, sparkStart);
                List<Row> rows = new ArrayList<>();
                for (String name : options.pipelines()) {
                    Pipeline pipeline = PipelineLocator.bundled(name)
                            .orElseThrow(() -> new IllegalArgumentException("No bundled pipeline " + name));
                    Run onDuckDb = time(warehouse, duckdb, pipeline, dates);
                    Run onSpark = time(warehouse, spark, pipeline, dates);
                    Row row = new Row(name, dates.size(), onDuckDb, onSpark);
                    rows.add(row);
                    listener.measured(row);
                }
                return new Result(generation, ingest, sparkStart, rows);
            }
        }
    }

    /**
     * Runs every step of {@code pipeline} on the session's engine for {@code dates}, from scratch: the
     * tables its steps write (window aggregates' daily states too) are dropped first, so that neither
     * engine reuses what the other computed.
     */
    private Run time(Warehouse warehouse, SqlSession session, Pipeline pipeline, List<LocalDate> dates) {
        for (Step step : pipeline.steps()) {
            for (TableName table :
                    Lineage.of(step.settings(), pipeline.searchPath()).writes()) {
                warehouse.catalog().dropTable(table.identifier(), true);
            }
        }
        PipelineRunner runner = new PipelineRunner(
                warehouse, session, engine -> session, PRINCIPAL, Clock.systemUTC(), environment, outcome -> {});
        List<StepOutcome> outcomes = new ArrayList<>();
        EngineTime time;
        try {
            time = EngineTime.of(() -> outcomes.addAll(runner.run(pipeline, dates, false)));
        } catch (AlmanacException e) {
            return Run.failed(e.getMessage());
        }
        return outcomes.stream()
                .filter(outcome -> outcome.result() != StepOutcome.Result.SUCCEEDED)
                .findFirst()
                .map(failed -> Run.failed(failed.step() + " " + failed.date() + ": " + failed.message()))
                .orElseGet(() -> Run.succeeded(
                        time,
                        outcomes.stream()
                                .flatMap(outcome -> outcome.rows().stream())
                                .mapToLong(Long::longValue)
                                .sum()));
    }
}
