package dev.almanac.cli;

import dev.almanac.spi.AlmanacException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failure as one clear line (user errors, exit 2) or with its cause chain (internal and
 * external failures, exit 1); {@code --verbose} adds the stack trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    private final AlmanacCommand root;

    ErrorReporter(AlmanacCommand root) {
        this.root = root;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (exception instanceof AlmanacException almanac) {
            err.println("error: " + almanac.getMessage());
            if (almanac.kind() != dev.almanac.spi.ErrorKind.USER_ERROR) {
                printCauses(err, almanac.getCause());
            }
            printTrace(err, exception);
            return almanac.kind().exitCode();
        }
        err.println("internal error: " + exception);
        printCauses(err, exception.getCause());
        if (!root.verbose()) {
            err.println("(run again with --verbose for the stack trace)");
        }
        printTrace(err, exception);
        return 1;
    }

    private void printTrace(PrintWriter err, Exception exception) {
        if (root.verbose()) {
            exception.printStackTrace(err);
        }
    }

    private static void printCauses(PrintWriter err, Throwable cause) {
        Throwable current = cause;
        int depth = 0;
        while (current != null && depth < 10) {
            err.println("  caused by: " + current);
            current = current.getCause() == current ? null : current.getCause();
            depth++;
        }
    }
}
