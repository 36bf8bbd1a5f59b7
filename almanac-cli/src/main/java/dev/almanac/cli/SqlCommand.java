package dev.almanac.cli;

import dev.almanac.core.sql.ReadStatistics;
import dev.almanac.core.sql.ReadStatistics.TableRead;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.sql.StatementOutcome;
import dev.almanac.core.sql.StatementOutcome.DropOutcome;
import dev.almanac.core.sql.StatementOutcome.QueryOutcome;
import dev.almanac.core.sql.StatementOutcome.WriteOutcome;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.FileFormat;
import dev.almanac.spi.engine.QueryResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
        name = "sql",
        mixinStandardHelpOptions = true,
        description = {
            "Run one SQL statement: a query, CREATE TABLE … AS SELECT, INSERT INTO, INSERT OVERWRITE TABLE …"
                    + " [PARTITION (dt='…')], ALTER TABLE (ADD COLUMNS, ALTER COLUMN … TYPE, RENAME COLUMN, DROP COLUMN)"
                    + " or DROP TABLE.",
            "Tables are named namespace.table. Read an older snapshot with `t VERSION AS OF <snapshot id>` or"
                    + " `t TIMESTAMP AS OF '2024-01-02 10:00:00'` (UTC)."
        },
        footer = {
            "",
            "Examples:",
            "  almanac sql \"CREATE TABLE raw.t PARTITIONED BY (dt) AS SELECT range AS id, DATE '2024-01-01' + (range %% 30)::INT AS dt FROM range(1000)\"",
            "  almanac sql --stats \"SELECT count(*) FROM raw.t WHERE dt = '2024-01-02'\"",
            "  almanac sql --param day=2024-01-02 \"INSERT OVERWRITE TABLE raw.t PARTITION (dt='$${day}') SELECT 1\"",
            "  almanac sql --format parquet --output out.parquet \"SELECT * FROM raw.t\""
        })
final class SqlCommand implements Callable<Integer> {
    @ParentCommand
    AlmanacCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SQL", description = "The statement (or use --file).")
    String sql;

    @Option(
            names = {"-f", "--file"},
            paramLabel = "FILE",
            description = "Read the statement from a file.")
    Path file;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            description = "table, csv, json (one object per line) or parquet (needs --output)."
                    + " Default: table on a terminal, else csv.")
    OutputFormat format;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the result to FILE.")
    Path output;

    @Option(
            names = {"-p", "--param"},
            paramLabel = "NAME=VALUE",
            description = "Fill $${NAME} in the SQL (repeatable).")
    Map<String, String> parameters = new LinkedHashMap<>();

    @Option(names = "--stats", description = "Print files and bytes read and seconds taken (to stderr).")
    boolean stats;

    @Option(
            names = "--engine",
            paramLabel = "NAME",
            description = "Engine to run on: duckdb or spark (default: the warehouse's, duckdb).")
    String engine;

    @Override
    public Integer call() {
        String text = statementText();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OutputFormat chosen =
                format != null ? format : (root.context().terminal() ? OutputFormat.TABLE : OutputFormat.CSV);
        if (chosen == OutputFormat.PARQUET && output == null) {
            throw new AlmanacException(ErrorCode.INVALID_ARGUMENT, "--format parquet needs --output FILE");
        }
        long started = System.nanoTime();
        try (Warehouse warehouse = root.openWarehouse();
                SqlSession session = root.openSession(warehouse, Optional.ofNullable(engine))) {
            ReadStatistics read;
            if (output != null && chosen != OutputFormat.TABLE) {
                read = session.export(text, parameters, FileFormat.valueOf(chosen.name()), output);
                err.println("Wrote " + output);
            } else {
                StatementOutcome outcome = session.execute(text, parameters);
                read = outcome.read();
                report(outcome, chosen, out);
            }
            if (stats) {
                printStatistics(err, read, System.nanoTime() - started);
            }
        }
        return 0;
    }

    private String statementText() {
        if ((sql == null) == (file == null)) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT, "Give the SQL as an argument or with --file FILE (one of them)");
        }
        if (file == null) {
            return sql;
        }
        try {
            return Files.readString(root.context().workingDirectory().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT, "Cannot read SQL file " + file + ": " + e.getMessage(), e);
        }
    }

    private void report(StatementOutcome outcome, OutputFormat chosen, PrintWriter out) {
        if (outcome instanceof QueryOutcome query) {
            try (QueryResult rows = query.rows()) {
                if (output == null) {
                    ResultPrinter.print(rows, chosen, out);
                    return;
                }
                try (OutputStream stream = Files.newOutputStream(
                                root.context().workingDirectory().resolve(output));
                        PrintWriter writer = CliContext.writer(stream)) {
                    ResultPrinter.print(rows, chosen, writer);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        } else if (outcome instanceof WriteOutcome write) {
            if (write.snapshotId().isEmpty()) {
                out.println(write.table() + " already exists; nothing written");
                return;
            }
            out.printf(
                    "%s %s: %s rows, %d files, %s (snapshot %d)%n",
                    write.operation(),
                    write.table(),
                    Sizes.count(write.rows()),
                    write.files(),
                    Sizes.bytes(write.bytes()),
                    write.snapshotId().get());
        } else if (outcome instanceof StatementOutcome.AlterOutcome alter) {
            out.println("Altered " + alter.table() + ": " + alter.change());
        } else if (outcome instanceof DropOutcome drop) {
            out.println(drop.dropped() ? "Dropped " + drop.table() : drop.table() + " does not exist; nothing dropped");
        }
    }

    private static void printStatistics(PrintWriter err, ReadStatistics read, long nanos) {
        for (TableRead table : read.tables()) {
            err.printf(
                    "stats: %s%s: read %d of %d files, %s of %s%n",
                    table.table(),
                    table.snapshotId().map(id -> "@" + id).orElse(""),
                    table.filesRead(),
                    table.snapshotFiles(),
                    Sizes.bytes(table.bytesRead()),
                    Sizes.bytes(table.snapshotBytes()));
        }
        err.printf("stats: files_read=%d bytes_read=%d seconds=%.3f%n", read.files(), read.bytes(), nanos / 1e9);
    }
}
