package dev.almanac.cli;

import dev.almanac.core.generate.EdxGenerator;
import dev.almanac.core.generate.GenerationSummary;
import dev.almanac.core.generate.GeneratorOptions;
import dev.almanac.core.generate.KhanGenerator;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Write realistic synthetic source data to load and test with; no warehouse needed.",
            "edx: daily tracking logs (tracking/tracking.log-YYYYMMDD.gz), weekly database exports"
                    + " (sql/YYYY-MM-DD/<org>-<course>-<run>-<table>-prod-analytics.sql) and surveys (surveys/*.csv).",
            "khan: hourly ProblemLog entity dumps (entity_store/ProblemLog/YYYY-MM-DD/ProblemLog-YYYY-MM-DD-HH.gz).",
            "The same options always give byte-identical files."
        },
        footer = {
            "",
            "Examples:",
            "  almanac generate edx --out sources --days 14 --events-per-day 50000",
            "  almanac generate khan --out sources --bad-rate 0.01"
        })
final class GenerateCommand implements Callable<Integer> {
    @ParentCommand
    AlmanacCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "What to generate: edx or khan.")
    String kind;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write into.")
    Path out;

    @Option(
            names = "--start",
            paramLabel = "DATE",
            defaultValue = "2024-01-01",
            description = "The first day (UTC). Default: ${DEFAULT-VALUE}.")
    LocalDate start;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "7",
            description = "Days to generate. Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(
            names = "--events-per-day",
            paramLabel = "M",
            defaultValue = "10000",
            description = "Good events (log lines) per day. Default: ${DEFAULT-VALUE}.")
    int eventsPerDay;

    @Option(
            names = "--courses",
            paramLabel = "K",
            defaultValue = "5",
            description = "edx: courses, half with org/course/run ids and half with course-v1: ids;"
                    + " khan: topics of twelve exercises. Default: ${DEFAULT-VALUE}.")
    int courses;

    @Option(
            names = "--users",
            paramLabel = "U",
            defaultValue = "1000",
            description = "Learners. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "42",
            description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--bad-rate",
            paramLabel = "R",
            defaultValue = "0",
            description = "Share of corrupt lines (truncated JSON, invalid UTF-8, missing tabs…), 0 to below 1."
                    + " Default: ${DEFAULT-VALUE}.")
    double badRate;

    @Override
    public Integer call() {
        String chosen = kind.toLowerCase(Locale.ROOT);
        if (!chosen.equals("edx") && !chosen.equals("khan")) {
            throw new AlmanacException(ErrorCode.INVALID_ARGUMENT, "Unknown kind '" + kind + "'; use edx or khan");
        }
        Path directory = root.context().workingDirectory().resolve(out);
        GeneratorOptions options =
                new GeneratorOptions(directory, start, days, eventsPerDay, courses, users, seed, badRate);
        long started = System.nanoTime();
        GenerationSummary summary =
                chosen.equals("edx") ? new EdxGenerator().generate(options) : new KhanGenerator().generate(options);
        PrintWriter printer = spec.commandLine().getOut();
        printer.printf(
                Locale.ROOT,
                "Generated %s data in %s: %s files, %s records, %s bad records, %s (%s bytes), %s%n",
                chosen,
                directory,
                Sizes.count(summary.files()),
                Sizes.count(summary.records()),
                Sizes.count(summary.badRecords()),
                Sizes.bytes(summary.bytes()),
                Sizes.count(summary.bytes()),
                Sizes.seconds(System.nanoTime() - started));
        return 0;
    }
}
