package dev.almanac.core.pipeline;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.config.YamlDocument;
import dev.almanac.core.window.Aggregate;
import dev.almanac.core.window.Window;
import dev.almanac.core.window.WindowAggregate;
import dev.almanac.core.window.WindowAggregators;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the settings that belong to a step's type, the keys besides name, type, depends_on and the like. */
final class StepSettingsParser {
    private static final Map<StepType, Set<String>> KEYS = Map.of(
            StepType.SQL, Set.of("sql", "script", "target", "mode", "key"),
            StepType.INGEST, Set.of("sources"),
            StepType.EXTRACT_JDBC, Set.of("url", "user", "password_env", "table", "query", "target", "mode", "key"),
            StepType.EXPORT, Set.of("table", "query", "format", "path", "jdbc"),
            StepType.CHECK, CheckParser.KEYS,
            StepType.WAIT_FOR, Set.of("pipelines", "ok_to_fail", "poll"),
            StepType.JAVA, Set.of("class", "options"),
            StepType.WINDOW_AGGREGATE,
                    Set.of(
                            "source",
                            "filter",
                            "group_by",
                            "time_column",
                            "aggregates",
                            "window",
                            "target",
                            "fail_on_missing",
                            "aggregator"));
    private static final Set<String> WINDOW_KEYS = Set.of("fixed_length", "days_ago", "fixed_start");
    private static final Set<String> JDBC_EXPORT_KEYS = Set.of("url", "user", "password_env", "table", "mode");
    private static final Pattern JAVA_CLASS =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(?:\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final PipelineYaml yaml;
    private final String step;
    private final StepType type;
    private final Node node;
    private final YamlDocument.Mapping mapping;
    private final Placeholders placeholders;

    StepSettingsParser(
            PipelineYaml yaml,
            String step,
            StepType type,
            Node node,
            YamlDocument.Mapping mapping,
            Placeholders placeholders) {
        this.yaml = yaml;
        this.step = step;
        this.type = type;
        this.node = node;
        this.mapping = mapping;
        this.placeholders = placeholders;
    }

    static Set<String> keys(StepType type) {
        return KEYS.get(type);
    }

    StepSettings parse() {
        return switch (type) {
            case SQL -> sql();
            case INGEST -> ingest();
            case EXTRACT_JDBC -> extractJdbc();
            case EXPORT -> export();
            case CHECK -> new CheckParser(yaml, step, node, mapping, placeholders).parse();
            case WAIT_FOR -> waitFor();
            case JAVA -> java();
            case WINDOW_AGGREGATE -> windowAggregate();
        };
    }

    private SqlStep sql() {
        Optional<Node> inline = mapping.node("sql");
        Optional<Node> script = mapping.node("script");
        if (inline.isPresent() && script.isPresent()) {
            throw yaml.error(script.get(), "Step '" + step + "' has both 'sql' and 'script': keep one");
        }
        if (inline.isEmpty() && script.isEmpty()) {
            throw yaml.error(
                    node,
                    "Step '" + step + "' of type sql needs 'sql' (the statement) or 'script'"
                            + " (a file, relative to the pipeline file's folder)");
        }
        String sql;
        if (inline.isPresent()) {
            sql = sqlText(inline.get(), "'sql'");
        } else {
            sql = script(script.get());
        }
        Optional<TableWrite> target = tableWrite(false);
        if (target.isPresent()) {
            Optional<TableName> written = TableReferences.extract(sql).written();
            if (written.isPresent()) {
                throw yaml.error(
                        mapping.node("target").orElseThrow(),
                        "Step '" + step + "' has a 'target' and its SQL" + " writes " + written.get()
                                + " itself: remove 'target' and 'mode', or make the SQL a query (SELECT …)");
            }
        }
        return new SqlStep(
                sql, script.map(value -> yaml.scalar(value, "'script'").strip()), target);
    }

    private String script(Node scriptNode) {
        String path = yaml.nonEmpty(scriptNode, "'script'");
        Path file = yaml.directory().resolve(path).normalize();
        if (!Files.isRegularFile(file)) {
            throw yaml.error(
                    scriptNode,
                    "Script '" + path + "' of step '" + step + "' not found: there is no file " + file
                            + " (a script path is relative to the pipeline file's folder)");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw yaml.error(scriptNode, "Script '" + path + "' of step '" + step + "' is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (text.isBlank()) {
            throw yaml.error(scriptNode, "Script '" + path + "' of step '" + step + "' is empty");
        }
        String scriptSource = scriptSource(path);
        placeholders.check(step, text, offset -> PipelineYaml.locate(scriptSource, text, offset));
        return text;
    }

    /** The script's name in messages: its path beside the pipeline file's name as given. */
    private String scriptSource(String path) {
        int slash = Math.max(yaml.source().lastIndexOf('/'), yaml.source().lastIndexOf('\\'));
        return slash < 0 ? path : yaml.source().substring(0, slash + 1) + path;
    }

    private String sqlText(Node value, String what) {
        String sql = yaml.scalar(value, what);
        if (sql.isBlank()) {
            throw yaml.error(value, "Step '" + step + "' has an empty " + what);
        }
        placeholders.check(step, sql, yaml.locator(value));
        return sql;
    }

    /** {@code target}, {@code mode} and {@code key}. */
    private Optional<TableWrite> tableWrite(boolean required) {
        Optional<Node> targetNode = mapping.node("target");
        Optional<Node> modeNode = mapping.node("mode");
        Optional<Node> keyNode = mapping.node("key");
        if (targetNode.isEmpty()) {
            if (required) {
                throw yaml.error(
                        node,
                        "Step '" + step + "' of type " + type.configName()
                                + " needs a 'target' table, e.g. target: raw.enrollments");
            }
            if (modeNode.isPresent()) {
                throw yaml.error(modeNode.get(), "Step '" + step + "' has a 'mode' but no 'target' table to write");
            }
            if (keyNode.isPresent()) {
                throw yaml.error(keyNode.get(), "Step '" + step + "' has a 'key' but no 'target' table to merge into");
            }
            return Optional.empty();
        }
        TableName table = yaml.tableName(targetNode.get(), "'target'");
        if (modeNode.isEmpty()) {
            throw yaml.error(
                    targetNode.get(),
                    "Step '" + step + "' writes " + table + " but has no 'mode': add one of " + WriteMode.names()
                            + ", e.g. mode: partition");
        }
        String modeName = yaml.scalar(modeNode.get(), "'mode'").strip();
        WriteMode mode = WriteMode.of(modeName)
                .orElseThrow(() -> yaml.error(
                        modeNode.get(),
                        "Unknown mode '" + modeName + "' for step '" + step + "'; expected one of "
                                + WriteMode.names()));
        List<String> keyColumns = List.of();
        if (mode == WriteMode.MERGE) {
            if (keyNode.isEmpty()) {
                throw yaml.error(
                        modeNode.get(),
                        "Step '" + step + "' merges into " + table
                                + ": list the key columns that identify a row, e.g. key: [course_id, dt]");
            }
            keyColumns = yaml.strings(keyNode.get(), "'key'");
        } else if (keyNode.isPresent()) {
            throw yaml.error(
                    keyNode.get(),
                    "Step '" + step + "' has a 'key' but mode " + mode.configName()
                            + ": key columns apply to mode merge only");
        }
        return Optional.of(new TableWrite(table, mode, keyColumns));
    }

    private IngestStep ingest() {
        List<String> sources = new ArrayList<>();
        for (Node item : yaml.nonEmptyItems(required("sources", "sources: [tracking]"), "'sources'")) {
            String source = yaml.nonEmpty(item, "a source");
            if (!source.matches("[a-z][a-z0-9_]*")) {
                throw yaml.error(
                        item,
                        "Source name '" + source + "' in step '" + step
                                + "' must be lower case letters, digits and _, as in almanac.yaml (e.g. edx_tracking)");
            }
            sources.add(source);
        }
        return new IngestStep(sources);
    }

    private ExtractJdbcStep extractJdbc() {
        JdbcConnection connection = connection(mapping, node);
        Optional<Node> table = mapping.node("table");
        Optional<Node> query = mapping.node("query");
        if (table.isPresent() == query.isPresent()) {
            throw yaml.error(
                    query.orElse(node),
                    "Step '" + step + "' of type extract-jdbc needs one of 'table' (a table"
                            + " of the database, copied whole) and 'query' (run on the database)");
        }
        return new ExtractJdbcStep(
                connection,
                table.map(value -> yaml.nonEmpty(value, "'table'")),
                query.map(value -> sqlText(value, "'query'")),
                tableWrite(true).orElseThrow());
    }

    private ExportStep export() {
        Optional<Node> table = mapping.node("table");
        Optional<Node> query = mapping.node("query");
        if (table.isPresent() == query.isPresent()) {
            throw yaml.error(
                    query.orElse(node),
                    "Step '" + step + "' of type export needs one of 'table' (a warehouse"
                            + " table) and 'query' (whose rows are exported)");
        }
        Optional<Node> jdbc = mapping.node("jdbc");
        Optional<Node> format = mapping.node("format");
        Optional<Node> path = mapping.node("path");
        ExportStep.Destination destination;
        if (jdbc.isPresent()) {
            if (format.isPresent() || path.isPresent()) {
                throw yaml.error(
                        jdbc.get(),
                        "Step '" + step + "' exports both to files ('format', 'path') and to" + " 'jdbc': keep one");
            }
            destination = jdbcTable(jdbc.get());
        } else if (format.isPresent() || path.isPresent()) {
            destination = files(format, path);
        } else {
            throw yaml.error(
                    node,
                    "Step '" + step + "' of type export needs a destination: 'format' and 'path' for"
                            + " files, or 'jdbc' for a table of another database");
        }
        return new ExportStep(
                table.map(value -> yaml.tableName(value, "'table'")),
                query.map(value -> sqlText(value, "'query'")),
                destination);
    }

    private ExportStep.Files files(Optional<Node> formatNode, Optional<Node> pathNode) {
        if (formatNode.isEmpty() || pathNode.isEmpty()) {
            throw yaml.error(
                    formatNode.or(() -> pathNode).orElseThrow(),
                    "Step '" + step + "' exports files: give both" + " 'format' (" + ExportFormat.names()
                            + ") and 'path', e.g. path: exports/activity/${dt}");
        }
        String formatName = yaml.scalar(formatNode.get(), "'format'").strip();
        ExportFormat format = ExportFormat.of(formatName)
                .orElseThrow(() -> yaml.error(
                        formatNode.get(),
                        "Unknown export format '" + formatName + "' for step '" + step + "'; expected one of "
                                + ExportFormat.names()));
        String path = yaml.nonEmpty(pathNode.get(), "'path'");
        placeholders.check(step, path, offset -> yaml.location(pathNode.get()));
        return new ExportStep.Files(format, path);
    }

    private ExportStep.JdbcTable jdbcTable(Node jdbcNode) {
        YamlDocument.Mapping jdbc = yaml.mapping(jdbcNode, "'jdbc'", JDBC_EXPORT_KEYS);
        JdbcConnection connection = connection(jdbc, jdbcNode);
        Node table = jdbc.node("table")
                .orElseThrow(() -> yaml.error(
                        jdbcNode,
                        "Step '" + step
                                + "' exports to a database: name its 'table', e.g. table: reporting.course_activity"));
        Node modeNode = jdbc.node("mode")
                .orElseThrow(
                        () -> yaml.error(
                                jdbcNode,
                                "Step '" + step
                                        + "' exports to a database: say whether it replaces or appends to the table, e.g. mode: replace"));
        String modeName = yaml.scalar(modeNode, "'mode'").strip();
        Optional<WriteMode> mode =
                WriteMode.of(modeName).filter(value -> value == WriteMode.REPLACE || value == WriteMode.APPEND);
        if (mode.isEmpty()) {
            throw yaml.error(
                    modeNode,
                    "Unknown mode '" + modeName + "' for the database export of step '" + step
                            + "'; expected replace or append");
        }
        return new ExportStep.JdbcTable(connection, yaml.nonEmpty(table, "'table'"), mode.get());
    }

    private JdbcConnection connection(YamlDocument.Mapping settings, Node settingsNode) {
        Node urlNode = settings.node("url")
                .orElseThrow(
                        () -> yaml.error(
                                settingsNode,
                                "Step '" + step
                                        + "' needs the database's JDBC 'url', e.g. url: jdbc:postgresql://lms.example.org/lms"));
        String url = yaml.nonEmpty(urlNode, "'url'");
        if (!url.startsWith("jdbc:")) {
            throw yaml.error(
                    urlNode,
                    "Invalid JDBC URL '" + url + "' for step '" + step
                            + "': it starts with jdbc:, e.g. jdbc:postgresql://lms.example.org/lms");
        }
        Optional<String> passwordVariable = Optional.empty();
        Optional<Node> passwordNode = settings.node("password_env");
        if (passwordNode.isPresent()) {
            String variable = yaml.nonEmpty(passwordNode.get(), "'password_env'");
            if (!ENVIRONMENT_VARIABLE.matcher(variable).matches()) {
                throw yaml.error(
                        passwordNode.get(),
                        "Invalid 'password_env' '" + variable + "' for step '" + step
                                + "': name the environment variable that holds the password, e.g. LMS_PASSWORD");
            }
            passwordVariable = Optional.of(variable);
        }
        return new JdbcConnection(
                url, settings.node("user").map(value -> yaml.nonEmpty(value, "'user'")), passwordVariable);
    }

    private WaitForStep waitFor() {
        List<String> pipelines = new ArrayList<>();
        for (Node item : yaml.nonEmptyItems(required("pipelines", "pipelines: [ingest_tracking]"), "'pipelines'")) {
            pipelines.add(PipelineParser.name(yaml, item, "Pipeline"));
        }
        List<String> okToFail = new ArrayList<>();
        Optional<Node> okToFailNode = mapping.node("ok_to_fail");
        if (okToFailNode.isPresent()) {
            for (Node item : yaml.items(okToFailNode.get(), "'ok_to_fail'")) {
                String pipeline = yaml.nonEmpty(item, "'ok_to_fail'");
                if (!pipelines.contains(pipeline)) {
                    throw yaml.error(
                            item,
                            "Step '" + step + "' lists '" + pipeline + "' in ok_to_fail but not in"
                                    + " pipelines: add it there, or remove it here");
                }
                okToFail.add(pipeline);
            }
        }
        return new WaitForStep(
                pipelines,
                okToFail,
                mapping.node("poll")
                        .map(value -> yaml.positiveDuration(value, "'poll'"))
                        .orElse(WaitForStep.DEFAULT_POLL_INTERVAL));
    }

    private JavaStep java() {
        Node classNode = required("class", "class: org.example.almanac.RefreshSearchIndex");
        String className = yaml.nonEmpty(classNode, "'class'");
        if (!JAVA_CLASS.matcher(className).matches()) {
            throw yaml.error(
                    classNode,
                    "Invalid class name '" + className + "' for step '" + step
                            + "': write the class's binary name, e.g. org.example.almanac.RefreshSearchIndex");
        }
        Map<String, String> options = new LinkedHashMap<>();
        Optional<Node> optionsNode = mapping.node("options");
        if (optionsNode.isPresent()) {
            YamlDocument.Mapping values = mapping.mapping("options").orElseThrow();
            for (String key : values.keys()) {
                options.put(key, yaml.scalar(values.node(key).orElseThrow(), "option '" + key + "'"));
            }
        }
        return new JavaStep(className, options);
    }

    private WindowAggregateStep windowAggregate() {
        TableName source = yaml.tableName(required("source", "source: raw.tracking_log"), "'source'");
        Optional<String> filter = mapping.node("filter").map(value -> sqlText(value, "'filter'"));
        List<String> groupBy = mapping.node("group_by")
                .map(value -> yaml.strings(value, "'group_by'"))
                .orElse(List.of());
        Optional<String> timeColumn = mapping.node("time_column").map(value -> yaml.nonEmpty(value, "'time_column'"));
        Optional<Node> aggregatorNode = mapping.node("aggregator");
        if (aggregatorNode.isPresent()) {
            return windowAggregator(aggregatorNode.get(), source, filter);
        }
        Node aggregatesNode = required("aggregates", "aggregates: {events: count()}");
        YamlDocument.Mapping aggregateMapping = yaml.mapping(aggregatesNode, "'aggregates'");
        List<Aggregate> aggregates = new ArrayList<>();
        for (String name : aggregateMapping.keys()) {
            Node value = aggregateMapping.node(name).orElseThrow();
            try {
                aggregates.add(Aggregate.parse(name, yaml.nonEmpty(value, "aggregate '" + name + "'")));
            } catch (IllegalArgumentException e) {
                throw yaml.error(value, "Step '" + step + "': " + e.getMessage(), e);
            }
        }
        if (aggregates.isEmpty()) {
            throw yaml.error(
                    aggregatesNode, "Step '" + step + "' has no aggregates, e.g. aggregates: {events: count()}");
        }
        Window window = window(required("window", "window: {fixed_length: 28}"));
        TableName target = yaml.tableName(required("target", "target: agg.learner_activity_28d"), "'target'");
        boolean failOnMissing = failOnMissing();
        try {
            return new WindowAggregateStep(new WindowAggregate(
                    source, filter, groupBy, timeColumn, aggregates, window, target, failOnMissing));
        } catch (IllegalArgumentException e) {
            throw yaml.error(node, "Step '" + step + "': " + e.getMessage(), e);
        }
    }

    /** A window step whose aggregate is written in Java: its keys and columns come from the class. */
    private WindowAggregateStep windowAggregator(Node aggregatorNode, TableName source, Optional<String> filter) {
        for (String key : List.of("aggregates", "group_by", "time_column")) {
            Optional<Node> value = mapping.node(key);
            if (value.isPresent()) {
                throw yaml.error(
                        value.get(),
                        "Step '" + step + "': '" + key + "' does not go with 'aggregator'; the aggregator's class"
                                + " gives the keys and the output columns");
            }
        }
        String className = yaml.nonEmpty(aggregatorNode, "'aggregator'").strip();
        if (WindowAggregators.find(className).isEmpty()) {
            throw yaml.error(aggregatorNode, "Step '" + step + "': " + WindowAggregators.notFound(className));
        }
        Window window = window(required("window", "window: {fixed_length: 28}"));
        TableName target = yaml.tableName(required("target", "target: agg.learner_streaks_28d"), "'target'");
        try {
            return new WindowAggregateStep(
                    WindowAggregate.ofAggregator(source, filter, className, window, target, failOnMissing()));
        } catch (IllegalArgumentException e) {
            throw yaml.error(node, "Step '" + step + "': " + e.getMessage(), e);
        }
    }

    private boolean failOnMissing() {
        return mapping.node("fail_on_missing")
                .map(value -> {
                    String text = yaml.scalar(value, "'fail_on_missing'").strip();
                    if (!text.equals("true") && !text.equals("false")) {
                        throw yaml.error(value, "Invalid 'fail_on_missing' '" + text + "': expected true or false");
                    }
                    return Boolean.parseBoolean(text);
                })
                .orElse(false);
    }

    private Window window(Node windowNode) {
        YamlDocument.Mapping window = yaml.mapping(windowNode, "'window'", WINDOW_KEYS);
        Optional<Node> length = window.node("fixed_length");
        Optional<Node> start = window.node("fixed_start");
        if (length.isPresent() == start.isPresent()) {
            throw yaml.error(
                    windowNode,
                    "Step '" + step + "' needs one of 'fixed_length' (the last N days, e.g. {fixed_length: 28})"
                            + " and 'fixed_start' (every day since a date, e.g. {fixed_start: 2024-01-01})");
        }
        if (start.isPresent()) {
            if (window.node("days_ago").isPresent()) {
                throw yaml.error(window.node("days_ago").get(), "'days_ago' goes with 'fixed_length' only");
            }
            String text = yaml.nonEmpty(start.get(), "'fixed_start'");
            try {
                return new Window.FixedStart(LocalDate.parse(text));
            } catch (DateTimeParseException e) {
                throw yaml.error(start.get(), "Invalid 'fixed_start' '" + text + "': expected a date YYYY-MM-DD", e);
            }
        }
        int days = (int) yaml.wholeNumber(length.get(), "'fixed_length'", 1, 36_500);
        int daysAgo = window.node("days_ago")
                .map(value -> (int) yaml.wholeNumber(value, "'days_ago'", 0, 36_500))
                .orElse(0);
        return new Window.FixedLength(days, daysAgo);
    }

    private Node required(String key, String example) {
        return mapping.node(key)
                .orElseThrow(() -> yaml.error(
                        node,
                        "Step '" + step + "' of type " + type.configName() + " needs '" + key + "', e.g. " + example));
    }
}
