package dev.almanac.cli;

import dev.almanac.core.warehouse.Warehouse;
import dev.almanac.core.warehouse.WarehouseConfig;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        description = {
            "Create a warehouse: almanac.yaml, the control database and the data folder.",
            "The control database is a SQLite file in the warehouse unless --control-db gives a PostgreSQL URL."
        })
final class InitCommand implements Callable<Integer> {
    @ParentCommand
    AlmanacCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "DIR",
            description = "Where to create it (default: the current directory).")
    Path directory;

    @Option(
            names = "--control-db",
            paramLabel = "JDBC_URL",
            description =
                    "Control database URL, e.g. jdbc:postgresql://host:5432/almanac (default: SQLite in the warehouse).")
    String controlDatabase;

    @Option(names = "--control-db-user", paramLabel = "USER", description = "User for the control database.")
    String controlDatabaseUser;

    @Option(
            names = "--control-db-password-env",
            paramLabel = "VARIABLE",
            description = "Environment variable holding the control database password.")
    String controlDatabasePasswordVariable;

    @Override
    public Integer call() {
        CliContext context = root.context();
        Path target = root.targetDirectory(directory, Path.of("."));
        WarehouseConfig config = WarehouseConfig.defaults();
        if (controlDatabase != null) {
            config = config.withControlDatabase(
                    controlDatabase,
                    Optional.ofNullable(controlDatabaseUser),
                    Optional.ofNullable(controlDatabasePasswordVariable));
        }
        try (Warehouse warehouse = Warehouse.create(target, config, context.environment())) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "Created warehouse %s (control database %s)%nNext: almanac --warehouse %s sql \"SELECT 42\"%n",
                            warehouse.directory(),
                            warehouse.controlDatabase().redactedUrl(),
                            directory != null ? directory : target);
        }
        return 0;
    }
}
