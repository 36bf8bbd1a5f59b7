package dev.almanac.cli;

import dev.almanac.core.bench.EngineTime;
import dev.almanac.core.bench.Measurement;
import dev.almanac.core.bench.PipelineBenchmark;
import dev.almanac.core.pipeline.PipelineLocator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "pipelines",
        mixinStandardHelpOptions = true,
        description = {
            "Build the demo data (as almanac demo does), then run each bundled daily pipeline for every day of it on"
                    + " DuckDB and again on Spark, over the same warehouse.",
            "Prints, per pipeline and engine, the rows its steps reported, wall seconds, CPU seconds of the"
                    + " almanac process and, for Spark, of the driver process, and Spark's wall time over DuckDB's."
                    + " The Spark driver's start is timed apart."
        })
final class PipelineBenchCommand implements Callable<Integer> {
    private static final String ROW = "%-28s %5s  %8s %8s %8s  %8s %8s %8s %10s  %7s%n";

    @ParentCommand
    BenchCommand bench;

    @Spec
    CommandSpec spec;

    @Option(names = "--days", defaultValue = "3", description = "Days of demo data (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--events-per-day",
            defaultValue = "20000",
            description = "Tracking-log events a day (default: ${DEFAULT-VALUE}).")
    int eventsPerDay;

    @Option(
            names = "--pipeline",
            paramLabel = "NAME",
            description = "A bundled pipeline to run; repeat for several (default: all of them).")
    List<String> pipelines = new ArrayList<>();

    @Option(
            names = "--spark-master",
            paramLabel = "MASTER",
            description = "Spark's master for the Spark runs (default: local[*], or -Dspark.master).")
    String sparkMaster;

    @Mixin
    BenchDirectory workDirectory;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<String> chosen = pipelines.isEmpty() ? PipelineLocator.BUNDLED : pipelines;
        for (String name : chosen) {
            if (!PipelineLocator.BUNDLED.contains(name)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "No bundled pipeline '" + name + "'; expected one of "
                                + String.join(", ", PipelineLocator.BUNDLED));
            }
        }
        PipelineBenchmark.Options options;
        try {
            options = new PipelineBenchmark.Options(days, eventsPerDay, chosen);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Map<String, String> sparkProperties = new LinkedHashMap<>(bench.root.environmentEngineProperties());
        if (sparkMaster != null) {
            sparkProperties.put("spark.master", sparkMaster);
        }
        try (BenchDirectory.Folder folder = workDirectory.open()) {
            Path directory = folder.path();
            out.printf(
                    Locale.ROOT,
                    "demo data: %d days, %,d tracking-log events a day, in %s%n",
                    days,
                    eventsPerDay,
                    directory);
            out.flush();
            PipelineBenchmark benchmark =
                    new PipelineBenchmark(directory, bench.root.context().environment(), sparkProperties);
            benchmark.run(options, new PipelineBenchmark.Listener() {
                @Override
                public void prepared(Measurement generation, Measurement ingest, Duration sparkStart) {
                    print(out, "generating the demo data", generation.wallSeconds());
                    print(out, "landing it (duckdb)", ingest.wallSeconds());
                    print(out, "starting the spark driver (not in the figures below)", sparkStart.toNanos() / 1e9);
                    out.printf(Locale.ROOT, ROW, "", "", "", "duckdb", "", "", "spark", "", "", "spark/");
                    out.printf(
                            Locale.ROOT,
                            ROW,
                            "pipeline",
                            "dates",
                            "rows",
                            "wall s",
                            "cpu s",
                            "rows",
                            "wall s",
                            "cpu s",
                            "driver cpu",
                            "duckdb");
                    out.flush();
                }

                @Override
                public void measured(PipelineBenchmark.Row row) {
                    printRow(out, row);
                    out.flush();
                }
            });
        }
        return 0;
    }

    private static void print(PrintWriter out, String label, double wallSeconds) {
        out.printf(Locale.ROOT, "%-52s %8.2f s wall%n", label, wallSeconds);
    }

    /** One line per pipeline; an engine the pipeline failed on gets its reason instead of figures. */
    private static void printRow(PrintWriter out, PipelineBenchmark.Row row) {
        if (row.duckdb().failure().isPresent()) {
            out.printf(
                    Locale.ROOT,
                    "%-28s %5d  failed on duckdb: %s%n",
                    row.pipeline(),
                    row.dates(),
                    row.duckdb().failure().get());
            return;
        }
        EngineTime duckdb = row.duckdb().time().orElseThrow();
        String duckdbRows = Long.toString(row.duckdb().rows());
        String duckdbWall = seconds(duckdb.almanac().wallSeconds());
        String duckdbCpu = seconds(duckdb.almanac().cpuSeconds());
        if (row.spark().failure().isPresent()) {
            out.printf(
                    Locale.ROOT,
                    "%-28s %5d  %8s %8s %8s  not supported on spark: %s%n",
                    row.pipeline(),
                    row.dates(),
                    duckdbRows,
                    duckdbWall,
                    duckdbCpu,
                    row.spark().failure().get());
            return;
        }
        EngineTime spark = row.spark().time().orElseThrow();
        out.printf(
                Locale.ROOT,
                ROW,
                row.pipeline(),
                Integer.toString(row.dates()),
                duckdbRows,
                duckdbWall,
                duckdbCpu,
                Long.toString(row.spark().rows()),
                seconds(spark.almanac().wallSeconds()),
                seconds(spark.almanac().cpuSeconds()),
                seconds(spark.childCpuSeconds()),
                row.ratio()
                        .map(ratio -> String.format(Locale.ROOT, "%.2f", ratio))
                        .orElse("-"));
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
