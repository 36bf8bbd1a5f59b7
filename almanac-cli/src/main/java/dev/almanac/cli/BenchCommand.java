package dev.almanac.cli;

import dev.almanac.core.bench.IngestBenchmark;
import dev.almanac.core.bench.Measurement;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures. They need no warehouse and clean up after themselves.",
        subcommands = {BenchCommand.Ingest.class, WindowBenchCommand.class, PipelineBenchCommand.class})
final class BenchCommand implements Runnable {
    @ParentCommand
    AlmanacCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "ingest",
            mixinStandardHelpOptions = true,
            description = {
                "Generate edX tracking logs, then time Almanac's end-to-end ingest of them (parse, normalize, write,"
                        + " commit) beside a bare DuckDB read_json -> Parquet conversion of the same files (the ceiling).",
                "Both sides run --runs times, one after the other. Prints each round's wall and CPU seconds, then"
                        + " each side's medians as events/s and MB/s of JSON text, the ratio of the two median rates"
                        + " and of the two median CPU times, and the system load around the runs."
            })
    static final class Ingest implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--events",
                defaultValue = "1000000",
                description = "Events in all (default: ${DEFAULT-VALUE}).")
        long events;

        @Option(
                names = "--days",
                defaultValue = "5",
                description = "Daily files to spread them over (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--seed", defaultValue = "42", description = "Generator seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(
                names = "--runs",
                defaultValue = "3",
                description = "Rounds of both sides; the figures are their medians (default: ${DEFAULT-VALUE}).")
        int runs;

        @Mixin
        BenchDirectory workDirectory;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            try (BenchDirectory.Folder folder = workDirectory.open()) {
                Path directory = folder.path();
                out.printf(Locale.ROOT, "generating %,d events over %d days in %s ...%n", events, days, directory);
                out.flush();
                IngestBenchmark.Result result =
                        new IngestBenchmark(directory, System.getenv()).run(events, days, seed, runs);
                double megabytes = result.textBytes() / 1e6;
                out.printf(
                        Locale.ROOT,
                        "input: %,d events, %d files, %.1f MB gzip, %.1f MB JSON text%n",
                        result.events(),
                        result.days(),
                        result.compressedBytes() / 1e6,
                        megabytes);
                for (int i = 0; i < result.rounds().size(); i++) {
                    IngestBenchmark.Round round = result.rounds().get(i);
                    out.printf(
                            Locale.ROOT,
                            "round %d: ceiling %.2f s wall %.2f s cpu, almanac %.2f s wall %.2f s cpu, ratio %.2f%n",
                            i + 1,
                            round.ceiling().wallSeconds(),
                            round.ceiling().cpuSeconds(),
                            round.almanac().wallSeconds(),
                            round.almanac().cpuSeconds(),
                            round.ratio());
                }
                out.printf(
                        Locale.ROOT, "medians of %d rounds:%n", result.rounds().size());
                print(out, "duckdb read_json -> parquet (ceiling)", result.ceiling(), result.events(), megabytes);
                print(out, "almanac ingest (end to end)", result.almanac(), result.events(), megabytes);
                out.printf(Locale.ROOT, "rows loaded: %,d%n", result.rowsLoaded());
                out.printf(
                        Locale.ROOT,
                        "system load average (1 min): %.2f before, %.2f after%n",
                        result.loadAverageBefore(),
                        result.loadAverageAfter());
                out.printf(
                        Locale.ROOT,
                        "ratio almanac/ceiling: %.2f (goal: 0.70); cpu ratio ceiling/almanac: %.2f%n",
                        result.ratio(),
                        result.cpuRatio());
            }
            return 0;
        }

        private static void print(
                PrintWriter out, String label, Measurement measurement, long events, double megabytes) {
            out.printf(
                    Locale.ROOT,
                    "%-40s %8.2f s wall %8.2f s cpu %,12.0f events/s %8.1f MB/s%n",
                    label,
                    measurement.wallSeconds(),
                    measurement.cpuSeconds(),
                    events / measurement.wallSeconds(),
                    megabytes / measurement.wallSeconds());
        }
    }
}
