package dev.almanac.cli;

import dev.almanac.core.pipeline.Pipeline;
import dev.almanac.core.pipeline.PipelineGraph;
import dev.almanac.core.pipeline.PipelineLocator;
import dev.almanac.core.pipeline.PipelineRunner;
import dev.almanac.core.pipeline.StepOutcome;
import dev.almanac.core.pipeline.StepRun;
import dev.almanac.core.pipeline.StepRuns;
import dev.almanac.core.pipeline.TableCheck;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.core.warehouse.WarehouseLocator;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description =
                "Check pipeline files, draw their step graphs (no warehouse needed), run them and show their runs.",
        subcommands = {
            PipelineCommand.Validate.class,
            PipelineCommand.Graph.class,
            PipelineCommand.Run.class,
            PipelineCommand.Status.class,
            PipelineCommand.History.class
        })
final class PipelineCommand implements Runnable {
    @ParentCommand
    AlmanacCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Every recorded (step, date) run of a pipeline, newest date first. */
    List<StepRun> recordedRuns(String name) {
        try (Warehouse warehouse = root.openWarehouse()) {
            return new StepRuns(warehouse.controlDatabase(), root.context().clock()).history(name);
        }
    }

    /** Reads a pipeline given on the command line (a file or a name) and checks its graph. */
    PipelineGraph load(String reference, Optional<Path> warehouseDirectory) {
        return PipelineGraph.of(
                PipelineLocator.locate(reference, root.context().workingDirectory(), warehouseDirectory));
    }

    @Command(
            name = "validate",
            mixinStandardHelpOptions = true,
            description = {
                "Read pipeline files and check them: keys and values, step types, scripts, $${…} placeholders,"
                        + " dependencies (depends_on and the tables steps read and write) and cycles.",
                "With a warehouse (--warehouse or ALMANAC_HOME), also checks that every table a step reads is"
                        + " written by a step, exists, or is landed by an ingest step before it.",
                "Prints 'ok: NAME (N steps)' per valid file and the error of each other one; exits with 2 if any"
                        + " file has an error."
            })
    static final class Validate implements Callable<Integer> {
        @ParentCommand
        PipelineCommand pipeline;

        @Spec
        CommandSpec spec;

        @Parameters(
                arity = "1..*",
                paramLabel = "PIPELINE",
                description = "Pipeline files (YAML), or names of bundled pipelines.")
        List<String> files;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int exitCode = 0;
            AlmanacCommand root = pipeline.root;
            boolean withWarehouse =
                    root.warehouse != null || root.context().environment().containsKey(WarehouseLocator.HOME_VARIABLE);
            try (Warehouse warehouse = withWarehouse ? root.openWarehouse() : null) {
                for (String file : files) {
                    exitCode = Math.max(exitCode, validate(file, Optional.ofNullable(warehouse), out, err));
                }
            }
            return exitCode;
        }

        private int validate(String file, Optional<Warehouse> warehouse, PrintWriter out, PrintWriter err) {
            try {
                PipelineGraph graph = pipeline.load(file, warehouse.map(Warehouse::directory));
                warehouse.ifPresent(opened -> TableCheck.check(
                        graph,
                        table -> opened.catalog().tableExists(table.identifier()),
                        opened.config().sources()));
                Pipeline checked = graph.pipeline();
                int steps = checked.steps().size();
                out.println("ok: " + checked.name() + " (" + steps + (steps == 1 ? " step" : " steps")
                        + warehouse
                                .map(opened -> "; tables checked against " + opened.directory())
                                .orElse("")
                        + ")");
            } catch (AlmanacException e) {
                // each file is reported, so that one run lists every broken file
                err.println("error: " + e.getMessage());
                return e.kind().exitCode();
            }
            return 0;
        }
    }

    enum GraphFormat {
        DOT,
        MERMAID
    }

    @Command(
            name = "graph",
            mixinStandardHelpOptions = true,
            description = {
                "Print a pipeline's step graph as a Mermaid flowchart or Graphviz DOT: a box per step (name and type),"
                        + " an arrow per dependency, labelled with the tables it passes.",
                "Render DOT with e.g. `dot -Tsvg`; paste Mermaid into Markdown in a ```mermaid block."
            })
    static final class Graph implements Callable<Integer> {
        @ParentCommand
        PipelineCommand pipeline;

        @Spec
        CommandSpec spec;

        @Parameters(
                index = "0",
                paramLabel = "PIPELINE",
                description = "A pipeline file (YAML), or the name of a bundled pipeline.")
        String file;

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                defaultValue = "mermaid",
                description = "mermaid or dot (default: ${DEFAULT-VALUE}).")
        GraphFormat format;

        @Override
        public Integer call() {
            PipelineGraph graph = pipeline.load(file, Optional.empty());
            spec.commandLine().getOut().print(format == GraphFormat.DOT ? graph.toDot() : graph.toMermaid());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = {
                "Run a pipeline for one date (--date) or every date of a range (--from/--to), oldest first. Each"
                        + " (step, date) is recorded; a blocking check that fails stops the steps after it.",
                "Write-audit-publish: the tables a date's steps write are staged on a branch; checks and later steps"
                        + " read the staged data, and the tables are published together when every step of the date"
                        + " succeeded. A failed step leaves production unchanged; --resume continues from the staged"
                        + " writes.",
                "PIPELINE is a YAML file, or a name: the warehouse's pipelines/NAME.yaml, else a bundled pipeline ("
                        + "edx_person_course_day, khan_user_exercise_summary, learner_activity_windows).",
                "Exit status: 0 when every step succeeded, 1 otherwise."
            })
    static final class Run implements Callable<Integer> {
        @ParentCommand
        PipelineCommand pipeline;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PIPELINE", description = "A pipeline file or name.")
        String file;

        @Option(
                names = "--engine",
                paramLabel = "ENGINE",
                description = "Run every step on this engine, overriding the pipeline's and the warehouse's.")
        String engine;

        @Option(names = "--date", paramLabel = "DATE", description = "The date to run for (YYYY-MM-DD).")
        LocalDate date;

        @Option(names = "--from", paramLabel = "DATE", description = "First date of a range.")
        LocalDate from;

        @Option(names = "--to", paramLabel = "DATE", description = "Last date of a range (inclusive).")
        LocalDate to;

        @Option(names = "--resume", description = "Skip the (step, date) pairs that already succeeded.")
        boolean resume;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<LocalDate> dates = dates();
            AlmanacCommand root = pipeline.root;
            try (Warehouse warehouse = root.openWarehouse()) {
                PipelineGraph graph = pipeline.load(file, Optional.of(warehouse.directory()));
                TableCheck.check(
                        graph,
                        table -> warehouse.catalog().tableExists(table.identifier()),
                        warehouse.config().sources());
                try (SqlSession session = root.openSession(
                                warehouse,
                                Optional.ofNullable(engine)
                                        .or(() -> graph.pipeline().defaultEngine()));
                        EngineSessions sessions = new EngineSessions(root, warehouse, session)) {
                    return run(out, warehouse, session, sessions, graph, dates);
                }
            }
        }

        private int run(
                PrintWriter out,
                Warehouse warehouse,
                SqlSession session,
                EngineSessions sessions,
                PipelineGraph graph,
                List<LocalDate> dates) {
            AlmanacCommand root = pipeline.root;
            PipelineRunner runner = new PipelineRunner(
                    warehouse,
                    session,
                    // --engine runs every step there; otherwise a step's engine: is honoured
                    stepEngine -> engine != null ? session : sessions.session(stepEngine),
                    root.context().principal(),
                    root.context().clock(),
                    root.context().environment(),
                    outcome -> {
                        out.printf(
                                "%s %s %s: %s%n",
                                outcome.date(),
                                outcome.step(),
                                outcome.result().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                                outcome.message()
                                        + outcome.rows()
                                                .map(rows -> " (" + Sizes.count(rows) + " rows)")
                                                .orElse(""));
                        out.flush();
                    });
            List<StepOutcome> outcomes = runner.run(graph.pipeline(), dates, resume);
            long bad = outcomes.stream()
                    .filter(outcome -> outcome.result() != StepOutcome.Result.SUCCEEDED
                            && outcome.result() != StepOutcome.Result.ALREADY_DONE)
                    .count();
            out.printf(
                    "%s: %d dates, %d step runs, %d not succeeded%n",
                    graph.pipeline().name(), dates.size(), outcomes.size(), bad);
            return bad == 0 ? 0 : 1;
        }

        private List<LocalDate> dates() {
            if (date != null && from == null && to == null) {
                return List.of(date);
            }
            if (date == null && from != null && to != null && !to.isBefore(from)) {
                return from.datesUntil(to.plusDays(1)).toList();
            }
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Give --date DATE, or --from DATE --to DATE with --to not before --from");
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = {
                "Show, per date, whether a pipeline's run published, and if not which step stopped it (newest"
                        + " dates first).",
                "published: every step succeeded and the outputs are in production; staged: steps ran but the"
                        + " date is not published (a step failed or the run stopped); running: under way, or its"
                        + " process died."
            })
    static final class Status implements Callable<Integer> {
        @ParentCommand
        PipelineCommand pipeline;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The pipeline's name.")
        String name;

        @Option(names = "--limit", defaultValue = "14", description = "How many dates (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<StepRun> runs = pipeline.recordedRuns(name);
            if (runs.isEmpty()) {
                out.println("No runs of " + name + " recorded.");
                return 0;
            }
            Map<LocalDate, List<StepRun>> byDate = new TreeMap<>(Comparator.reverseOrder());
            runs.forEach(run -> byDate.computeIfAbsent(run.date(), ignored -> new ArrayList<>())
                    .add(run));
            List<List<String>> rows = new ArrayList<>();
            for (Map.Entry<LocalDate, List<StepRun>> date : byDate.entrySet()) {
                if (rows.size() == limit) {
                    break;
                }
                rows.add(statusRow(date.getKey(), date.getValue()));
            }
            TextTable.print(out, List.of("date", "state", "steps done", "stopped at", "error"), rows);
            return 0;
        }

        private static List<String> statusRow(LocalDate date, List<StepRun> runs) {
            Optional<StepRun> publish = runs.stream()
                    .filter(run -> run.step().equals(PipelineRunner.PUBLISH))
                    .findFirst();
            List<StepRun> steps = runs.stream()
                    .filter(run -> !run.step().equals(PipelineRunner.PUBLISH))
                    .toList();
            long done = steps.stream()
                    .filter(run -> run.status() == StepRun.Status.SUCCEEDED)
                    .count();
            Optional<StepRun> stopped = steps.stream()
                    .filter(run -> run.status() != StepRun.Status.SUCCEEDED)
                    .findFirst();
            String state = publish.filter(run -> run.status() == StepRun.Status.SUCCEEDED)
                    .map(run -> "published")
                    .orElse(stopped.filter(run -> run.status() == StepRun.Status.RUNNING)
                            .map(run -> "running")
                            .orElse("staged"));
            return List.of(
                    date.toString(),
                    state,
                    done + "/" + steps.size(),
                    state.equals("published") ? "" : stopped.map(StepRun::step).orElse(PipelineRunner.PUBLISH),
                    state.equals("published")
                            ? ""
                            : stopped.flatMap(StepRun::error)
                                    .or(() -> publish.flatMap(StepRun::error))
                                    .orElse(""));
        }
    }

    @Command(
            name = "history",
            mixinStandardHelpOptions = true,
            description = "Show the recorded runs of a pipeline, newest date first.")
    static final class History implements Callable<Integer> {
        @ParentCommand
        PipelineCommand pipeline;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "The pipeline's name.")
        String name;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<StepRun> runs = pipeline.recordedRuns(name);
            if (runs.isEmpty()) {
                out.println("No runs of " + name + " recorded.");
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (StepRun run : runs) {
                rows.add(List.of(
                        run.date().toString(),
                        run.step(),
                        run.status().name().toLowerCase(Locale.ROOT),
                        Integer.toString(run.attempts()),
                        run.startedAt().toString(),
                        run.rows().map(Sizes::count).orElse("-"),
                        run.error().orElse("")));
            }
            TextTable.print(out, List.of("date", "step", "status", "attempts", "started (UTC)", "rows", "error"), rows);
            return 0;
        }
    }
}
