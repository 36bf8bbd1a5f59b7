package dev.almanac.cli;

import dev.almanac.core.engine.Engines;
import dev.almanac.core.ingest.FileOutcome;
import dev.almanac.core.ingest.IngestListener;
import dev.almanac.core.ingest.IngestRunner;
import dev.almanac.core.ingest.SourceReport;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
                Engine engine = Engines.create(warehouse.config().engine(),
                        new EngineContext(warehouse.temporaryDirectory(), Map.of()))) {
            IngestRunner runner = new IngestRunner(
                    warehouse, engine, root.context().principal(), root.context().clock(), new Progress(err, root.context().terminal()));
            reports = runner.run(sources, dryRun);
        }
        boolean failed = false;
        for (SourceReport report : reports) {
            if (report.skipped().isPresent()) {
                out.printf("%s: skipped, %s%n", report.source(), report.skipped().get());
                continue;
            }
            if (dryRun) {
                out.printf("%s: %d files to load%n", report.source(), report.files().size());
                for (FileOutcome file : report.files()) {
                    out.printf("  %s (%s, %s)%n", file.path(), Sizes.bytes(file.bytes()), file.note().orElse(""));
                }
                continue;
            }
            double seconds = report.elapsed().toMillis() / 1000.0;
            out.printf(Locale.ROOT, "%s: %d files, %s rows, %s quarantined, %s, %.2f s%s%n",
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
        return failed ? 1 : 0;
    }

    /** A progress bar on a terminal, one line per file otherwise. */
    private static final class Progress implements IngestListener {
        private final PrintWriter err;
        private final boolean terminal;
        private int files;
        private int done;
        private long totalBytes;
        private long doneBytes;
        private long rows;
        private long startedNanos;

        Progress(PrintWriter err, boolean terminal) {
            this.err = err;
            this.terminal = terminal;
        }

        @Override
        public void sourceStarted(String source, int count, long bytes) {
            files = count;
            done = 0;
            totalBytes = bytes;
            doneBytes = 0;
            rows = 0;
            startedNanos = System.nanoTime();
            if (!terminal) {
                err.printf("%s: %d files to load (%s)%n", source, count, Sizes.bytes(bytes));
            }
        }

        @Override
        public void fileFinished(String source, FileOutcome outcome) {
            if (outcome.action() == FileOutcome.Action.PENDING) {
                return;
            }
            done++;
            doneBytes += outcome.bytes();
            rows += outcome.rows();
            double seconds = Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
            if (terminal) {
                int width = 30;
                int filled = totalBytes == 0 ? width : (int) (width * doneBytes / totalBytes);
                err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d files, %s/%s, %,.0f rows/s ", source, "#".repeat(filled),
                        " ".repeat(width - filled), done, files, Sizes.bytes(doneBytes), Sizes.bytes(totalBytes), rows / seconds);
                if (done == files) {
                    err.println();
                }
            } else {
                err.printf(Locale.ROOT, "%s: %s %s: %s rows, %s quarantined (%d/%d files, %,.0f rows/s)%n", source,
                        outcome.action().name().toLowerCase(Locale.ROOT), outcome.path(), Sizes.count(outcome.rows()),
                        Sizes.count(outcome.quarantined()), done, files, rows / seconds);
            }
            err.flush();
        }

        @Override
        public void sourceSkipped(String source, String reason) {
            err.printf("%s: skipped, %s%n", source, reason);
        }
    }
}
