package dev.almanac.cli;

import dev.almanac.core.engine.Engines;
import dev.almanac.core.ingest.FileOutcome;
import dev.almanac.core.ingest.IngestRunner;
import dev.almanac.core.ingest.SourceReport;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Land what is new or changed in the sources declared in almanac.yaml, each file exactly once.",
            "Bad lines go to quarantine.<source> with file, line number, text and reason. A file that fails"
                    + " as a whole is marked failed and tried again on the next run.",
            "Exit status: 0 when every file loaded, 1 when some failed."
        })
final class IngestCommand implements Callable<Integer> {
    @ParentCommand
    AlmanacCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SOURCE", arity = "0..*", description = "Sources to ingest (default: all).")
    List<String> sources = new ArrayList<>();

    @Option(names = "--dry-run", description = "List the files that would be loaded, and why, without loading them.")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<SourceReport> reports;
        try (Warehouse warehouse = root.openWarehouse();
                Engine engine = Engines.create(
                        warehouse.config().engine(),
                        new EngineContext(warehouse.temporaryDirectory(), root.engineProperties(warehouse)))) {
            IngestRunner runner = new IngestRunner(
                    warehouse,
                    engine,
                    root.context().principal(),
                    root.context().clock(),
                    new IngestProgress(err, root.context().terminal()),
                    root.context().environment());
            reports = runner.run(sources, dryRun);
        }
        return report(out, reports, dryRun) ? 1 : 0;
    }

    /** Prints a summary line per source (and the files that failed); returns whether any file failed. */
    static boolean report(PrintWriter out, List<SourceReport> reports, boolean dryRun) {
        boolean failed = false;
        for (SourceReport report : reports) {
            if (report.skipped().isPresent()) {
                out.printf(
                        "%s: skipped, %s%n", report.source(), report.skipped().get());
                continue;
            }
            if (dryRun) {
                out.printf(
                        "%s: %d files to load%n",
                        report.source(), report.files().size());
                for (FileOutcome file : report.files()) {
                    out.printf(
                            "  %s (%s, %s)%n",
                            file.path(), Sizes.bytes(file.bytes()), file.note().orElse(""));
                }
                continue;
            }
            double seconds = report.elapsed().toMillis() / 1000.0;
            out.printf(
                    Locale.ROOT,
                    "%s: %d files, %s rows, %s quarantined, %s, %.2f s%s%n",
                    report.source(),
                    report.files().size(),
                    Sizes.count(report.rows()),
                    Sizes.count(report.quarantined()),
                    Sizes.bytes(report.bytes()),
                    seconds,
                    report.failed() > 0 ? ", " + report.failed() + " failed" : "");
            for (FileOutcome file : report.files()) {
                if (file.action() == FileOutcome.Action.FAILED) {
                    failed = true;
                    out.printf("  failed: %s: %s%n", file.path(), file.note().orElse(""));
                } else if (file.note().isPresent()) {
                    out.printf("  note: %s: %s%n", file.path(), file.note().get());
                }
            }
        }
        return failed;
    }
}
