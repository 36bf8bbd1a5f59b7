package dev.almanac.cli;

import dev.almanac.core.demo.DemoWarehouse;
import dev.almanac.core.engine.Engines;
import dev.almanac.core.generate.GenerationSummary;
import dev.almanac.core.ingest.IngestRunner;
import dev.almanac.core.ingest.SourceReport;
import dev.almanac.core.pipeline.Pipeline;
import dev.almanac.core.pipeline.PipelineLocator;
import dev.almanac.core.pipeline.PipelineRunner;
import dev.almanac.core.pipeline.StepOutcome;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.sql.StatementOutcome;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.QueryResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Build a demo warehouse on the embedded engine: generate a week of edX tracking logs, database exports"
                    + " and surveys and Khan Academy problem logs, land them exactly once, run the bundled pipelines"
                    + " edx_person_course_day and khan_user_exercise_summary over every day, and show what is there.",
            "Running it again reuses the data: ingestion then finds nothing new and the pipelines resume (only"
                    + " what is missing runs)."
        })
final class DemoCommand implements Callable<Integer> {
    private static final List<String> SUMMARIES = List.of(
            "SELECT course_id, count(*) AS events, count(DISTINCT username) AS learners, min(dt) AS first_day,"
                    + " max(dt) AS last_day FROM raw.tracking_log GROUP BY course_id ORDER BY events DESC",
            "SELECT mode, count(*) AS enrollments, count(*) FILTER (WHERE is_active) AS active"
                    + " FROM raw.student_courseenrollment_latest GROUP BY mode ORDER BY enrollments DESC",
            "SELECT count(*) AS problem_logs, count(DISTINCT json_extract_string(json, '$.user')) AS users,"
                    + " round(avg(CAST(json_extract(json, '$.correct') AS BOOLEAN)::INT), 3) AS share_correct"
                    + " FROM raw.problemlog_latest",
            "SELECT reason, count(*) AS lines FROM quarantine.tracking GROUP BY reason ORDER BY lines DESC",
            "SELECT course_id, count(DISTINCT username) AS learners, sum(nevents) AS events,"
                    + " round(sum(sum_dt) / 3600.0, 1) AS hours_on_task FROM edx.person_course_day"
                    + " GROUP BY course_id ORDER BY events DESC",
            "SELECT dt, count(*) AS user_exercises, sum(correct) AS correct, sum(wrong) AS wrong,"
                    + " sum(IF(proficient, 1, 0)) AS proficient FROM khan.user_exercise_summary GROUP BY dt ORDER BY dt");
    private static final Map<String, String> PIPELINE_INPUTS = Map.of(
            "edx_person_course_day",
            "raw.tracking_log",
            "khan_user_exercise_summary",
            "raw.problemlog",
            "learner_activity_windows",
            "raw.tracking_log");

    @ParentCommand
    AlmanacCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DIR",
            description = "Where the demo warehouse goes (default: demo-warehouse).")
    Path directory;

    @Option(names = "--days", defaultValue = "7", description = "Days of data (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(
            names = "--events-per-day",
            defaultValue = "20000",
            description = "Tracking-log events a day (default: ${DEFAULT-VALUE}).")
    int eventsPerDay;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CliContext context = root.context();
        Path target = root.targetDirectory(directory, Path.of("demo-warehouse"));
        try (Warehouse warehouse = DemoWarehouse.open(target, context.environment());
                SqlSession session = new SqlSession(
                        warehouse,
                        Engines.create(
                                warehouse.config().engine(),
                                new EngineContext(warehouse.temporaryDirectory(), root.engineProperties(warehouse))),
                        context.principal(),
                        context.clock())) {
            out.println("Demo warehouse: " + target);
            Optional<GenerationSummary> generated = DemoWarehouse.generate(target, days, eventsPerDay);
            if (generated.isPresent()) {
                out.printf(
                        Locale.ROOT,
                        "Generated %,d files, %,d records (%,d deliberately bad) in %s%n",
                        generated.get().files(),
                        generated.get().records(),
                        generated.get().badRecords(),
                        target.resolve("incoming"));
            } else {
                out.println("Reusing the data generated earlier in " + target.resolve("incoming"));
            }
            out.flush();
            IngestRunner runner = new IngestRunner(
                    warehouse,
                    session.engine(),
                    context.principal(),
                    context.clock(),
                    new IngestProgress(err, context.terminal()),
                    context.environment());
            List<SourceReport> reports = runner.run(List.of(), false);
            boolean failed = IngestCommand.report(out, reports, false);
            for (String name : PipelineLocator.BUNDLED) {
                failed |= runPipeline(out, context, warehouse, session, name);
            }
            for (String query : SUMMARIES) {
                out.println();
                out.println("> " + query);
                StatementOutcome.QueryOutcome outcome =
                        (StatementOutcome.QueryOutcome) session.execute(query, Map.of());
                try (QueryResult rows = outcome.rows()) {
                    ResultPrinter.print(rows, OutputFormat.TABLE, out);
                }
            }
            out.println();
            out.println("Results: the pipelines wrote edx.person_course_day, khan.user_exercise_summary and the windows"
                    + " agg.learner_activity_7d, agg.learner_activity_28d and agg.course_learners_since_launch (Iceberg"
                    + " tables under " + warehouse.directory().resolve("data") + "); raw data is in raw.*, bad lines in"
                    + " quarantine.*.");
            out.println();
            out.println("Try next:");
            String flag = "--warehouse " + target;
            out.println("  ./almanac " + flag + " tables");
            out.println("  ./almanac " + flag + " describe raw.tracking_log");
            out.println("  ./almanac " + flag
                    + " sql --stats \"SELECT event_type, count(*) FROM raw.tracking_log WHERE dt = '"
                    + DemoWarehouse.START + "' GROUP BY 1 ORDER BY 2 DESC\"");
            out.println("  ./almanac " + flag + " sql \"SELECT * FROM quarantine.tracking LIMIT 5\"");
            out.println("  ./almanac " + flag + " ingest --dry-run");
            out.println("  ./almanac pipeline graph edx_person_course_day");
            out.println("  ./almanac " + flag + " pipeline history khan_user_exercise_summary");
            out.println("  ./almanac " + flag + " pipeline run edx_person_course_day --date " + DemoWarehouse.START);
            return failed ? 1 : 0;
        }
    }

    /**
     * Runs a bundled pipeline over every generated day its input holds (not the day before the
     * first, which holds only the events logged just before midnight in the first day's file);
     * true if a step failed.
     */
    private static boolean runPipeline(
            PrintWriter out, CliContext context, Warehouse warehouse, SqlSession session, String name) {
        Pipeline pipeline =
                PipelineLocator.locate(name, context.workingDirectory(), Optional.of(warehouse.directory()));
        List<LocalDate> dates = new ArrayList<>();
        StatementOutcome.QueryOutcome days = (StatementOutcome.QueryOutcome) session.execute(
                "SELECT DISTINCT dt FROM " + PIPELINE_INPUTS.get(name) + " WHERE dt >= DATE '" + DemoWarehouse.START
                        + "' ORDER BY dt",
                Map.of());
        try (QueryResult rows = days.rows()) {
            while (rows.next()) {
                dates.add((LocalDate) rows.value(0));
            }
        }
        out.println();
        out.println("Running pipeline " + name + " over " + dates.size() + " days (resuming what is done)");
        out.flush();
        PipelineRunner runner = new PipelineRunner(
                warehouse, session, context.principal(), context.clock(), context.environment(), outcome -> {
                    if (outcome.result() == StepOutcome.Result.FAILED) {
                        out.println("  " + outcome.date() + " " + outcome.step() + " failed: " + outcome.message());
                        out.flush();
                    }
                });
        List<StepOutcome> outcomes = runner.run(pipeline, dates, true);
        long ran = outcomes.stream()
                .filter(outcome -> outcome.result() == StepOutcome.Result.SUCCEEDED
                        && !outcome.step().equals(PipelineRunner.PUBLISH))
                .count();
        long notDone = outcomes.stream()
                .filter(outcome -> outcome.result() != StepOutcome.Result.SUCCEEDED
                        && outcome.result() != StepOutcome.Result.ALREADY_DONE)
                .count();
        out.printf(
                Locale.ROOT,
                "  %d step runs now, %d done earlier, %d not succeeded%n",
                ran,
                outcomes.stream()
                        .filter(outcome -> outcome.result() == StepOutcome.Result.ALREADY_DONE)
                        .count(),
                notDone);
        return notDone > 0;
    }
}
