package dev.almanac.cli;

import dev.almanac.core.bench.Measurement;
import dev.almanac.core.bench.WindowBenchmark;
import dev.almanac.core.window.AggregatePlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "window",
        mixinStandardHelpOptions = true,
        description = {
            "Generate page views, then compute page views, distinct pages and last visit per member over the last"
                    + " --window days for every day after the first window: incrementally (window-aggregate) and by"
                    + " a full recompute from the source rows.",
            "Prints per-day and total process CPU seconds and wall seconds of both, and the reductions."
        })
final class WindowBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--days", defaultValue = "60", description = "Days of page views (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--events-per-day",
            defaultValue = "1000000",
            description = "Page views per day (default: ${DEFAULT-VALUE}).")
    long eventsPerDay;

    @Option(names = "--members", defaultValue = "200000", description = "Members (default: ${DEFAULT-VALUE}).")
    long members;

    @Option(names = "--window", defaultValue = "30", description = "Window length in days (default: ${DEFAULT-VALUE}).")
    int window;

    @Mixin
    BenchDirectory workDirectory;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        WindowBenchmark.Options options;
        try {
            options = new WindowBenchmark.Options(days, eventsPerDay, members, window);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try (BenchDirectory.Folder folder = workDirectory.open()) {
            Path directory = folder.path();
            out.printf(
                    Locale.ROOT,
                    "%,d page views a day over %d days, %,d members, window %d days, in %s%n",
                    eventsPerDay,
                    days,
                    members,
                    window,
                    directory);
            out.printf(
                    Locale.ROOT,
                    "%-10s %10s %10s %10s %10s %8s  %s%n",
                    "day",
                    "incr cpu",
                    "full cpu",
                    "incr wall",
                    "full wall",
                    "cpu -%",
                    "plan");
            out.flush();
            WindowBenchmark.Result result = new WindowBenchmark(directory, System.getenv()).run(options, day -> {
                out.printf(
                        Locale.ROOT,
                        "%-10s %10.2f %10.2f %10.2f %10.2f %7.1f%%  %s%n",
                        day.date(),
                        day.incremental().cpuSeconds(),
                        day.full().cpuSeconds(),
                        day.incremental().wallSeconds(),
                        day.full().wallSeconds(),
                        reduction(day.incremental().cpuSeconds(), day.full().cpuSeconds()),
                        day.report().plans().stream()
                                .map(plan ->
                                        plan.aggregate() + "=" + plan.kind().displayName())
                                .collect(Collectors.joining(",")));
                out.flush();
            });
            print(out, "generating the page views", result.generation());
            print(out, "first window (partial states of every day)", result.firstWindow());
            out.printf(
                    Locale.ROOT,
                    "total over %d days: incremental %.2f s cpu %.2f s wall; full recompute %.2f s cpu %.2f s wall%n",
                    result.days().size(),
                    result.incrementalCpu(),
                    result.incrementalWall(),
                    result.fullCpu(),
                    result.fullWall());
            out.printf(
                    Locale.ROOT,
                    "reduction: cpu %.1f%% (goal: 95%%), wall %.1f%%%n",
                    reduction(result.incrementalCpu(), result.fullCpu()),
                    reduction(result.incrementalWall(), result.fullWall()));
            long reused = result.days().stream()
                    .flatMap(day -> day.report().plans().stream())
                    .filter(plan -> plan.kind() == AggregatePlan.Kind.REUSE)
                    .count();
            long blocks = result.days().stream()
                    .flatMap(day -> day.report().plans().stream())
                    .filter(plan -> plan.kind() == AggregatePlan.Kind.BLOCKS)
                    .count();
            out.printf(
                    Locale.ROOT,
                    "aggregates adjusted from the previous output: %d of %d; merged from block states: %d%n",
                    reused,
                    result.days().size() * 3L,
                    blocks);
        }
        return 0;
    }

    private static double reduction(double incremental, double full) {
        return full <= 0 ? 0 : 100 * (1 - incremental / full);
    }

    private static void print(PrintWriter out, String label, Measurement measurement) {
        out.printf(
                Locale.ROOT,
                "%-44s %8.2f s cpu %8.2f s wall%n",
                label,
                measurement.cpuSeconds(),
                measurement.wallSeconds());
    }
}
