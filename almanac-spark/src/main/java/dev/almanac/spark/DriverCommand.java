package dev.almanac.spark;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The command line that starts a Spark driver: a plain {@code java} launch on the installation's
 * class path, or {@code spark-submit} of a Spark installation shipping the driver's jar (the job
 * artifact; the cluster's Spark provides Spark itself). Either way the driver runs in client mode,
 * as a child of this process, talking over its standard input and output.
 */
final class DriverCommand {
    static final String APPLICATION_NAME = "almanac";
    /** Settings {@code spark-submit} is given as options of its own rather than as {@code --conf}. */
    private static final Set<String> SUBMIT_OPTIONS =
            Set.of("spark.master", "spark.submit.deployMode", "spark.driver.memory");

    /** The collector of a plain {@code java} driver unless its options choose another. */
    static final String DEFAULT_COLLECTOR = "-XX:+UseParallelGC";

    /**
     * A plain {@code java} driver's optimizing compiler (C2) takes a method after ten times the
     * JVM's usual calls and loop turns, as the launcher has the CLI's: a driver lives for one
     * command, and the code Spark generates for each statement (its dates written in as constants)
     * is new every day. Given before {@code spark.driver.extraJavaOptions}, which can set them again.
     */
    static final List<String> COMPILER_THRESHOLDS = List.of(
            "-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=150000",
            "-XX:Tier4BackEdgeThreshold=400000");

    static final List<String> OPENED_PACKAGES = List.of(
            "java.lang",
            "java.lang.invoke",
            "java.lang.reflect",
            "java.io",
            "java.net",
            "java.nio",
            "java.util",
            "java.util.concurrent",
            "java.util.concurrent.atomic",
            "jdk.internal.ref",
            "sun.nio.ch",
            "sun.nio.cs",
            "sun.security.action",
            "sun.util.calendar");

    private DriverCommand() {}

    /** The launch {@code options} ask for; a submitted one needs a Spark installation's {@code spark-submit}. */
    static List<String> of(SparkInstallation installation, DriverOptions options) {
        if (!options.submit()) {
            return local(installation, options);
        }
        Path home = options.sparkHome()
                .orElseThrow(() -> new AlmanacException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "Starting the Spark driver with spark-submit (master " + options.master()
                                + ") needs a Spark installation: set spark-home in the spark section of"
                                + " almanac.yaml, or SPARK_HOME"));
        Path sparkSubmit = home.resolve("bin").resolve("spark-submit");
        if (!Files.isExecutable(sparkSubmit)) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "The Spark installation " + home + " has no executable bin/spark-submit");
        }
        return submit(sparkSubmit, installation.driverJar(), options);
    }

    /**
     * {@code java -Xmx… <collector> <compiler thresholds> <extra java options> -cp <installation>/* …
     * SparkDriverMain key=value…}: Spark from the installation's jars. The driver JVM runs the
     * throughput collector, as the CLI's does, unless {@code spark.driver.extraJavaOptions} chooses
     * one: a local driver runs batch statements, where the collector's total work counts and its
     * pauses do not.
     */
    static List<String> local(SparkInstallation installation, DriverOptions options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        options.memory().ifPresent(memory -> command.add("-Xmx" + memory));
        if (!JavaOptions.choosesCollector(options.javaOptions())) {
            command.add(DEFAULT_COLLECTOR);
        }
        command.addAll(COMPILER_THRESHOLDS);
        command.addAll(options.javaOptions());
        for (String opened : OPENED_PACKAGES) {
            command.add("--add-opens=java.base/" + opened + "=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(installation.classPath());
        command.add(SparkDriver.MAIN_CLASS);
        for (Map.Entry<String, String> setting : options.sparkSettings().entrySet()) {
            command.add(setting.getKey() + "=" + setting.getValue());
        }
        return command;
    }

    /**
     * {@code spark-submit --class … --master … --deploy-mode client [--driver-memory …] --conf k=v…
     * <driver jar>}: the driver takes its settings from Spark's configuration, so it gets no
     * arguments of its own. {@code spark-submit} adds the JDK module flags Spark needs.
     */
    static List<String> submit(Path sparkSubmit, Path driverJar, DriverOptions options) {
        List<String> command = new ArrayList<>();
        command.add(sparkSubmit.toString());
        command.add("--class");
        command.add(SparkDriver.MAIN_CLASS);
        command.add("--name");
        command.add(APPLICATION_NAME);
        command.add("--master");
        command.add(options.master());
        command.add("--deploy-mode");
        command.add("client");
        options.memory().ifPresent(memory -> {
            command.add("--driver-memory");
            command.add(memory);
        });
        new TreeMap<>(options.sparkSettings()).forEach((key, value) -> {
            if (!SUBMIT_OPTIONS.contains(key)) {
                command.add("--conf");
                command.add(key + "=" + value);
            }
        });
        command.add(driverJar.toString());
        return command;
    }
}
