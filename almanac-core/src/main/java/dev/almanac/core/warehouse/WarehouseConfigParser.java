package dev.almanac.core.warehouse;

import dev.almanac.core.config.YamlDocument;
import java.util.Set;

/** Reads and writes {@code almanac.yaml}. */
public final class WarehouseConfigParser {
    public static final String FILE_NAME = "almanac.yaml";

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("catalog", "engine", "data", "control-database");
    private static final Set<String> CONTROL_DATABASE_KEYS = Set.of("url", "user", "password-env");

    private WarehouseConfigParser() {}

    public static WarehouseConfig parse(String source, String text) {
        YamlDocument document = YamlDocument.parse(source, text);
        YamlDocument.Mapping root = document.rootMapping().requireKnownKeys(TOP_LEVEL_KEYS);
        WarehouseConfig defaults = WarehouseConfig.defaults();
        YamlDocument.Mapping controlDatabase = root.mapping("control-database").orElse(null);
        String url = defaults.controlDatabaseUrl();
        java.util.Optional<String> user = java.util.Optional.empty();
        java.util.Optional<String> passwordVariable = java.util.Optional.empty();
        if (controlDatabase != null) {
            controlDatabase.requireKnownKeys(CONTROL_DATABASE_KEYS);
            url = controlDatabase.requiredString("url");
            user = controlDatabase.string("user");
            passwordVariable = controlDatabase.string("password-env");
        }
        return new WarehouseConfig(
                root.string("catalog").orElse(defaults.catalogName()),
                root.string("engine").orElse(defaults.engine()),
                root.string("data").orElse(defaults.dataLocation()),
                url,
                user,
                passwordVariable);
    }

    public static String format(WarehouseConfig config) {
        StringBuilder text = new StringBuilder();
        text.append("# Almanac warehouse configuration.\n");
        text.append("# Iceberg catalog name: every engine and process reading these tables must use the same one.\n");
        text.append("catalog: ").append(config.catalogName()).append('\n');
        text.append("# Default SQL engine: duckdb (embedded).\n");
        text.append("engine: ").append(config.engine()).append('\n');
        text.append("# Where table files live: a folder relative to this file, an absolute path or a URI.\n");
        text.append("data: ").append(config.dataLocation()).append('\n');
        text.append("# The control database holds the catalog, provenance and run state.\n");
        text.append("# SQLite (a file relative to this one) by default; for a shared warehouse, PostgreSQL:\n");
        text.append("#   url: jdbc:postgresql://db.example.org:5432/almanac\n");
        text.append("#   user: almanac\n");
        text.append("#   password-env: ALMANAC_CONTROL_DB_PASSWORD\n");
        text.append("control-database:\n");
        text.append("  url: ").append(config.controlDatabaseUrl()).append('\n');
        config.controlDatabaseUser().ifPresent(user -> text.append("  user: ").append(user).append('\n'));
        config.controlDatabasePasswordVariable()
                .ifPresent(variable -> text.append("  password-env: ").append(variable).append('\n'));
        return text.toString();
    }
}
