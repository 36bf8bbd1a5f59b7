package dev.almanac.core.warehouse;

import dev.almanac.core.config.YamlDocument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Reads and writes {@code almanac.yaml}. */
public final class WarehouseConfigParser {
    public static final String FILE_NAME = "almanac.yaml";

    private static final Set<String> TOP_LEVEL_KEYS =
            Set.of("catalog", "engine", "data", "control-database", "sources", "spark", "duckdb");
    private static final Set<String> SOURCE_KEYS = Set.of("name", "kind", "location", "table", "options");
    private static final Pattern PLAIN_SCALAR =
            Pattern.compile("[A-Za-z0-9_./\\\\][A-Za-z0-9_./\\\\:@+=?&%,~-]*(?<!:)");
    /** Source names and DuckDB setting names. */
    private static final Pattern LOWER_CASE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

    private static final Set<String> CONTROL_DATABASE_KEYS = Set.of("url", "user", "password-env");

    private WarehouseConfigParser() {}

    public static WarehouseConfig parse(String source, String text) {
        YamlDocument document = YamlDocument.parse(source, text);
        YamlDocument.Mapping root = document.rootMapping().requireKnownKeys(TOP_LEVEL_KEYS);
        WarehouseConfig defaults = WarehouseConfig.defaults();
        YamlDocument.Mapping controlDatabase = root.mapping("control-database").orElse(null);
        String url = defaults.controlDatabaseUrl();
        Optional<String> user = Optional.empty();
        Optional<String> passwordVariable = Optional.empty();
        if (controlDatabase != null) {
            controlDatabase.requireKnownKeys(CONTROL_DATABASE_KEYS);
            url = controlDatabase.requiredString("url");
            user = controlDatabase.string("user");
            passwordVariable = controlDatabase.string("password-env");
        }
        List<SourceConfig> sources = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node node : root.node("sources")
                .map(value -> document.sequence(value, "'sources'"))
                .orElse(List.of())) {
            SourceConfig declared = source(document, node);
            if (!names.add(declared.name())) {
                throw document.error(node, "Two sources are named '" + declared.name() + "'");
            }
            sources.add(declared);
        }
        SparkConfig spark = root.mapping("spark")
                .map(section -> SparkConfigParser.parse(document, section))
                .orElse(defaults.spark());
        if (!spark.isLocal() && url.startsWith("jdbc:sqlite:")) {
            throw document.error(
                    root.mapping("spark")
                            .flatMap(section -> section.node("master"))
                            .orElseThrow(),
                    "Spark master '" + spark.master() + "' is a cluster, but the control database is SQLite ("
                            + url + "), one machine's file. A warehouse shared with a cluster keeps its catalog"
                            + " in PostgreSQL (control-database: url: jdbc:postgresql://…) and its data where every"
                            + " machine reads it; SQLite works with a local master (local[*]) only");
        }
        Map<String, String> duckdb = new TreeMap<>();
        root.mapping("duckdb").ifPresent(settings -> {
            for (String name : settings.keys()) {
                if (!LOWER_CASE_NAME.matcher(name).matches()) {
                    throw document.error(
                            settings.node(name).orElseThrow(),
                            "DuckDB setting name '" + name + "' must be lower case letters, digits and _ (e.g."
                                    + " memory_limit)");
                }
                duckdb.put(name, settings.requiredString(name));
            }
        });
        return new WarehouseConfig(
                root.string("catalog").orElse(defaults.catalogName()),
                root.string("engine").orElse(defaults.engine()),
                root.string("data").orElse(defaults.dataLocation()),
                url,
                user,
                passwordVariable,
                sources,
                spark,
                duckdb);
    }

    private static SourceConfig source(YamlDocument document, Node node) {
        YamlDocument.Mapping mapping = document.mapping(node, "a source").requireKnownKeys(SOURCE_KEYS);
        String name = mapping.requiredString("name");
        if (!LOWER_CASE_NAME.matcher(name).matches()) {
            throw document.error(
                    node, "Source name '" + name + "' must be lower case letters, digits and _ (e.g. edx_tracking)");
        }
        String kindName = mapping.requiredString("kind");
        SourceKind kind = SourceKind.of(kindName)
                .orElseThrow(() -> document.error(
                        mapping.node("kind").orElseThrow(),
                        "Unknown source kind '" + kindName + "'; expected one of " + SourceKind.names()));
        Map<String, String> options = new TreeMap<>();
        mapping.mapping("options").ifPresent(values -> {
            for (String key : values.keys()) {
                options.put(key, values.requiredString(key));
            }
        });
        Optional<String> table = mapping.string("table");
        if (table.isEmpty()
                && kind.defaultTable().isEmpty()
                && kind != SourceKind.ENTITY_DUMP
                && kind != SourceKind.EDX_SQL_EXPORT) {
            throw document.error(node, "Source '" + name + "' of kind " + kindName + " needs a 'table' to land in");
        }
        String location =
                kind == SourceKind.JDBC ? mapping.string("location").orElse("") : mapping.requiredString("location");
        return new SourceConfig(name, kind, location, table, options);
    }

    public static String format(WarehouseConfig config) {
        StringBuilder text = new StringBuilder();
        text.append("# Almanac warehouse configuration.\n");
        text.append("# Iceberg catalog name: every engine and process reading these tables must use the same one.\n");
        text.append("catalog: ").append(scalar(config.catalogName())).append('\n');
        text.append("# Default SQL engine: duckdb (embedded).\n");
        text.append("engine: ").append(scalar(config.engine())).append('\n');
        text.append("# Where table files live: a folder relative to this file, an absolute path or a URI.\n");
        text.append("data: ").append(scalar(config.dataLocation())).append('\n');
        text.append("# The control database holds the catalog, provenance and run state.\n");
        text.append("# SQLite (a file relative to this one) by default; for a shared warehouse, PostgreSQL:\n");
        text.append("#   url: jdbc:postgresql://db.example.org:5432/almanac\n");
        text.append("#   user: almanac\n");
        text.append("#   password-env: ALMANAC_CONTROL_DB_PASSWORD\n");
        text.append("control-database:\n");
        text.append("  url: ").append(scalar(config.controlDatabaseUrl())).append('\n');
        config.controlDatabaseUser()
                .ifPresent(user -> text.append("  user: ").append(scalar(user)).append('\n'));
        config.controlDatabasePasswordVariable()
                .ifPresent(variable ->
                        text.append("  password-env: ").append(scalar(variable)).append('\n'));
        spark(text, config.spark());
        duckdb(text, config.duckdb());
        text.append("# Raw data sources for `almanac ingest` (kinds: ")
                .append(SourceKind.names())
                .append("), e.g.\n");
        text.append("#   - name: tracking\n");
        text.append("#     kind: edx-tracking-log\n");
        text.append("#     location: incoming/tracking/tracking.log-*\n");
        text.append("#     options:\n");
        text.append("#       max-error-rate: \"0.01\"\n");
        if (config.sources().isEmpty()) {
            text.append("sources: []\n");
            return text.toString();
        }
        text.append("sources:\n");
        for (SourceConfig source : config.sources()) {
            text.append("  - name: ").append(source.name()).append('\n');
            text.append("    kind: ").append(source.kind().configName()).append('\n');
            text.append("    location: ").append(quote(source.location())).append('\n');
            source.table()
                    .ifPresent(table -> text.append("    table: ").append(table).append('\n'));
            if (!source.options().isEmpty()) {
                text.append("    options:\n");
                source.options()
                        .forEach((key, value) -> text.append("      ")
                                .append(key)
                                .append(": ")
                                .append(quote(value))
                                .append('\n'));
            }
        }
        return text.toString();
    }

    private static void duckdb(StringBuilder text, Map<String, String> settings) {
        text.append("# DuckDB settings every embedded session starts with (see DuckDB's SET), e.g.\n");
        text.append("# duckdb:\n");
        text.append("#   memory_limit: 8GB\n");
        if (settings.isEmpty()) {
            return;
        }
        text.append("duckdb:\n");
        settings.forEach((name, value) -> text.append("  ")
                .append(name)
                .append(": ")
                .append(scalar(value))
                .append('\n'));
    }

    private static void spark(StringBuilder text, SparkConfig spark) {
        text.append("# The Spark engine's driver runs local[*] by default. On a cluster (with a PostgreSQL control\n");
        text.append("# database and data every machine mounts at the same path; see docs/cluster.md), e.g.\n");
        text.append("# spark:\n");
        text.append("#   master: spark://spark-master.example.org:7077\n");
        text.append("#   executor-memory: 8g\n");
        if (spark.equals(SparkConfig.defaults())) {
            return;
        }
        text.append("spark:\n");
        text.append("  master: ").append(quote(spark.master())).append('\n');
        spark.submit()
                .ifPresent(submit -> text.append("  submit: ").append(submit).append('\n'));
        spark.sparkHome()
                .ifPresent(home ->
                        text.append("  spark-home: ").append(quote(home)).append('\n'));
        spark.driverMemory()
                .ifPresent(memory ->
                        text.append("  driver-memory: ").append(memory).append('\n'));
        spark.executorMemory()
                .ifPresent(memory ->
                        text.append("  executor-memory: ").append(memory).append('\n'));
        spark.executorCores()
                .ifPresent(
                        cores -> text.append("  executor-cores: ").append(cores).append('\n'));
        spark.executors()
                .ifPresent(count -> text.append("  executors: ").append(count).append('\n'));
        if (!spark.conf().isEmpty()) {
            text.append("  conf:\n");
            new TreeMap<>(spark.conf())
                    .forEach((key, value) -> text.append("    ")
                            .append(key)
                            .append(": ")
                            .append(quote(value))
                            .append('\n'));
        }
    }

    /** The value as written, unless YAML would read it differently (e.g. {@code a #b}, {@code @x}). */
    private static String scalar(String value) {
        return PLAIN_SCALAR.matcher(value).matches() ? value : quote(value);
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
