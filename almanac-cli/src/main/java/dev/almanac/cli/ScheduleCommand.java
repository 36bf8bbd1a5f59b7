package dev.almanac.cli;

import dev.almanac.core.pipeline.Pipeline;
import dev.almanac.core.pipeline.PipelineGraph;
import dev.almanac.core.pipeline.PipelineLocator;
import dev.almanac.core.pipeline.PipelineRunner;
import dev.almanac.core.pipeline.Scheduler;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "schedule",
        mixinStandardHelpOptions = true,
        description = {
            "Run scheduled pipelines when they are due, in the foreground, until stopped (Ctrl-C). Each time a"
                    + " pipeline's schedule fires, the day before (the last complete UTC day) is run, unless it is"
                    + " already published.",
            "Missed fires of the last --catch-up-days days are caught up first, oldest date first; a pipeline"
                    + " others wait-for runs before them; a failed date is tried again after --retry-after, resuming"
                    + " what succeeded. Each run is logged.",
            "Pipelines: every pipelines/*.yaml of the warehouse, and those given with --pipeline."
        })
final class ScheduleCommand implements Callable<Integer> {
    @ParentCommand
    AlmanacCommand root;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--pipeline",
            paramLabel = "PIPELINE",
            description = "A pipeline file or name to schedule besides the warehouse's pipelines folder (repeatable).")
    List<String> extra = new ArrayList<>();

    @Option(
            names = "--catch-up-days",
            paramLabel = "DAYS",
            defaultValue = "7",
            description = "How far back missed fires are caught up (default: ${DEFAULT-VALUE}).")
    int catchUpDays;

    @Option(
            names = "--retry-after",
            paramLabel = "DURATION",
            defaultValue = "PT1H",
            description = "When a failed date is tried again, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration retryAfter;

    @Option(
            names = "--poll",
            paramLabel = "DURATION",
            defaultValue = "PT1M",
            description = "The longest sleep between checks, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--once", description = "Run what is due now (catching up), then exit: for cron or a test.")
    boolean once;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CliContext context = root.context();
        try (Warehouse warehouse = root.openWarehouse();
                SqlSession session = root.openSession(warehouse, Optional.empty())) {
            List<Pipeline> pipelines = pipelines(warehouse);
            PipelineRunner runner = new PipelineRunner(
                    warehouse, session, context.principal(), context.clock(), context.environment(), outcome -> {});
            Scheduler scheduler = new Scheduler(runner, context.clock(), catchUpDays, retryAfter, line -> {
                out.println(Instant.now(context.clock()) + " " + line);
                out.flush();
            });
            out.println("Scheduling " + pipelines.size() + " pipelines: "
                    + String.join(
                            ", ",
                            pipelines.stream()
                                    .map(pipeline -> pipeline.name() + " (" + pipeline.schedule() + ")")
                                    .toList()));
            out.flush();
            if (once) {
                int runs = scheduler.runDue(pipelines);
                out.println(runs == 0 ? "Nothing due." : runs + " runs.");
                return 0;
            }
            scheduler.serve(pipelines, poll, () -> Thread.currentThread().isInterrupted());
            return 0;
        }
    }

    private List<Pipeline> pipelines(Warehouse warehouse) {
        List<Pipeline> pipelines = new ArrayList<>();
        Path folder = warehouse.directory().resolve("pipelines");
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".yaml"))
                        .sorted()
                        .toList()) {
                    pipelines.add(PipelineGraph.of(PipelineLocator.locate(
                                    file.toString(), root.context().workingDirectory(), Optional.empty()))
                            .pipeline());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (String reference : extra) {
            pipelines.add(PipelineGraph.of(PipelineLocator.locate(
                            reference, root.context().workingDirectory(), Optional.of(warehouse.directory())))
                    .pipeline());
        }
        List<Pipeline> scheduled = pipelines.stream()
                .filter(pipeline -> pipeline.schedule().cron().isPresent())
                .toList();
        if (scheduled.isEmpty()) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "No scheduled pipelines: put pipeline files with a 'schedule' in " + folder
                            + ", or pass --pipeline FILE|NAME");
        }
        return scheduled;
    }
}
