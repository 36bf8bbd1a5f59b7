package dev.almanac.cli;

import dev.almanac.core.demo.DemoWarehouse;
import dev.almanac.core.engine.Engines;
import dev.almanac.core.generate.GenerationSummary;
import dev.almanac.core.ingest.IngestRunner;
import dev.almanac.core.ingest.SourceReport;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.sql.StatementOutcome;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.QueryResult;
import java.io.PrintWriter;
import java.nio.file.Path;
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
                    + " and surveys and Khan Academy problem logs, land them exactly once, and show what is there.",
            "Running it again reuses the data: ingestion then finds nothing new."
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
            "SELECT reason, count(*) AS lines FROM quarantine.tracking GROUP BY reason ORDER BY lines DESC");

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
                                new EngineContext(warehouse.temporaryDirectory(), Map.of())),
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
            out.println("Try next:");
            String flag = "--warehouse " + target;
            out.println("  ./almanac " + flag + " tables");
            out.println("  ./almanac " + flag + " describe raw.tracking_log");
            out.println("  ./almanac " + flag
                    + " sql --stats \"SELECT event_type, count(*) FROM raw.tracking_log WHERE dt = '"
                    + DemoWarehouse.START + "' GROUP BY 1 ORDER BY 2 DESC\"");
            out.println("  ./almanac " + flag + " sql \"SELECT * FROM quarantine.tracking LIMIT 5\"");
            out.println("  ./almanac " + flag + " ingest --dry-run");
            return failed ? 1 : 0;
        }
    }
}
