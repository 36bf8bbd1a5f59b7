package dev.almanac.cli;

import dev.almanac.core.ingest.FileOutcome;
import dev.almanac.core.ingest.IngestListener;
import java.io.PrintWriter;
import java.util.Locale;

/** A progress bar on a terminal, one line per file otherwise. */
final class IngestProgress implements IngestListener {
    private final PrintWriter err;
    private final boolean terminal;
    private int files;
    private int done;
    private long totalBytes;
    private long doneBytes;
    private long rows;
    private long startedNanos;

    IngestProgress(PrintWriter err, boolean terminal) {
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
            err.printf(
                    Locale.ROOT,
                    "\r%s [%s%s] %d/%d files, %s/%s, %,.0f rows/s ",
                    source,
                    "#".repeat(filled),
                    " ".repeat(width - filled),
                    done,
                    files,
                    Sizes.bytes(doneBytes),
                    Sizes.bytes(totalBytes),
                    rows / seconds);
            if (done == files) {
                err.println();
            }
        } else {
            err.printf(
                    Locale.ROOT,
                    "%s: %s %s: %s rows, %s quarantined (%d/%d files, %,.0f rows/s)%n",
                    source,
                    outcome.action().name().toLowerCase(Locale.ROOT),
                    outcome.path(),
                    Sizes.count(outcome.rows()),
                    Sizes.count(outcome.quarantined()),
                    done,
                    files,
                    rows / seconds);
        }
        err.flush();
    }

    @Override
    public void sourceSkipped(String source, String reason) {
        err.printf("%s: skipped, %s%n", source, reason);
    }
}
