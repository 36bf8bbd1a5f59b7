package dev.almanac.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** One run of the CLI in this process, with what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun run(Path workingDirectory, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(environment, workingDirectory, Clock.systemUTC(), false);
        int exitCode;
        try (PrintWriter outWriter = new PrintWriter(out, true);
                PrintWriter errWriter = new PrintWriter(err, true)) {
            exitCode = Almanac.run(context, outWriter, errWriter, args);
        }
        return new CliRun(exitCode, out.toString(), err.toString());
    }
}
