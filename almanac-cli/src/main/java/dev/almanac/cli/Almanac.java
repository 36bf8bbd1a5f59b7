package dev.almanac.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The {@code almanac} command line. */
public final class Almanac {
    private Almanac() {}

    public static void main(String[] args) {
        PrintWriter out = CliContext.writer(System.out);
        PrintWriter err = CliContext.writer(System.err);
        int exitCode = run(CliContext.system(), out, err, args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    public static int run(CliContext context, PrintWriter out, PrintWriter err, String... args) {
        AlmanacCommand root = new AlmanacCommand(context);
        CommandLine commandLine = new CommandLine(root);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(new ErrorReporter(root));
        return commandLine.execute(args);
    }
}
