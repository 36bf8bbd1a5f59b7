package dev.almanac.cli;

import dev.almanac.core.engine.Engines;
import dev.almanac.core.sql.SqlSession;
import dev.almanac.core.warehouse.SparkConfig;
import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.core.warehouse.WarehouseLocator;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

@Command(
        name = "almanac",
        mixinStandardHelpOptions = true,
        version = "almanac 0.1.0",
        description = {
            "A warehouse for learning-activity data: date-partitioned Iceberg tables queried with SQL.",
            "",
            "The warehouse is found by --warehouse DIR, else $ALMANAC_HOME, else the current directory."
        },
        subcommands = {
            InitCommand.class,
            SqlCommand.class,
            TablesCommand.class,
            DescribeCommand.class,
            IngestCommand.class,
            PipelineCommand.class,
            ScheduleCommand.class,
            GenerateCommand.class,
            BenchCommand.class,
            DemoCommand.class
        },
        footer = {
            "",
            "Start with: almanac demo (a warehouse of generated edX and Khan data), or almanac init DIR for an empty one."
        })
final class AlmanacCommand implements Runnable {
    private final CliContext context;

    @Option(
            names = "--warehouse",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "The warehouse directory (default: $ALMANAC_HOME, else the current directory).")
    Path warehouse;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    AlmanacCommand(CliContext context) {
        this.context = context;
    }

    /**
     * Engine settings: the warehouse's {@code spark:} section, then what the environment gives (a
     * Spark home the section names wins over SPARK_HOME).
     */
    Map<String, String> engineProperties(Warehouse opened) {
        Map<String, String> properties =
                new LinkedHashMap<>(opened.config().spark().engineProperties());
        properties.putAll(opened.config().duckdbEngineProperties());
        environmentEngineProperties().forEach(properties::putIfAbsent);
        return properties;
    }

    /**
     * Engine settings the environment gives: ALMANAC_SPARK_LIB, the folder of the Spark engine's
     * jars, and SPARK_HOME, the Spark installation that submits its driver to a cluster.
     */
    Map<String, String> environmentEngineProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        String sparkLibraries = context.environment().get("ALMANAC_SPARK_LIB");
        if (sparkLibraries != null) {
            properties.put("spark.lib", sparkLibraries);
        }
        String sparkHome = context.environment().get("SPARK_HOME");
        if (sparkHome != null) {
            properties.put(SparkConfig.SPARK_HOME_PROPERTY, sparkHome);
        }
        return properties;
    }

    CliContext context() {
        return context;
    }

    boolean verbose() {
        return verbose;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * The directory a command that creates a warehouse works in: its DIR argument, else
     * {@code --warehouse}, else {@code fallback}; relative to the working directory.
     */
    Path targetDirectory(Path argument, Path fallback) {
        Path chosen = argument != null ? argument : warehouse != null ? warehouse : fallback;
        return context.workingDirectory().resolve(chosen).toAbsolutePath().normalize();
    }

    Warehouse openWarehouse() {
        Path directory = WarehouseLocator.locate(
                Optional.ofNullable(warehouse), context.environment(), context.workingDirectory());
        return Warehouse.open(directory, context.environment());
    }

    SqlSession openSession(Warehouse opened, Optional<String> engineName) {
        String name = engineName.orElse(opened.config().engine());
        Engine engine = Engines.create(name, new EngineContext(opened.temporaryDirectory(), engineProperties(opened)));
        return new SqlSession(opened, engine, context.principal(), context.clock());
    }
}
