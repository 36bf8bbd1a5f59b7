package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.config.YamlDocument;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a pipeline file into a {@link Pipeline}. Unknown keys, values of the wrong kind, unknown
 * step types, missing settings, bad durations, schedules and modes fail with the file, line and
 * column of the offending value and how to fix it. Checks that need every step (dependencies,
 * tables, cycles) are {@link PipelineGraph}'s.
 */
public final class PipelineParser {
    private static final Set<String> PIPELINE_KEYS =
            Set.of("name", "description", "schedule", "params", "engine", "search_path", "steps");
    private static final Set<String> STEP_KEYS =
            Set.of("name", "type", "description", "depends_on", "retries", "timeout", "engine");
    private static final Set<String> RETRY_KEYS = Set.of("count", "backoff", "multiplier");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final int MAX_RETRIES = 100;

    private PipelineParser() {}

    /** Reads {@code file}, naming it as given in messages. */
    public static Pipeline parse(Path file) {
        return parse(file, file.toString());
    }

    /** Reads {@code file}, naming it {@code source} in messages; scripts are found beside it. */
    public static Pipeline parse(Path file, String source) {
        requireNonNull(file, "file is null");
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new AlmanacException(ErrorCode.INVALID_ARGUMENT, "Pipeline file " + source + " not found", e);
        } catch (CharacterCodingException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION, "Pipeline file " + source + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(source, text, file.toAbsolutePath().getParent());
    }

    /** Reads pipeline YAML {@code text} from {@code source}; scripts are found in {@code directory}. */
    public static Pipeline parse(String source, String text, Path directory) {
        requireNonNull(source, "source is null");
        requireNonNull(text, "text is null");
        requireNonNull(directory, "directory is null");
        PipelineYaml yaml = PipelineYaml.parse(source, text, directory);
        YamlDocument.Mapping root = yaml.root().requireKnownKeys(PIPELINE_KEYS);
        Node nameNode = root.node("name")
                .orElseThrow(() -> new AlmanacException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "A pipeline needs a 'name', e.g. name: daily_course_activity ("
                                + new SourceLocation(source, 1, 1) + ")"));
        String name = name(yaml, nameNode, "Pipeline");
        Schedule schedule =
                root.node("schedule").map(node -> schedule(yaml, node)).orElse(Schedule.none());
        Map<String, String> params = params(yaml, root);
        Optional<String> engine = root.node("engine").map(node -> engine(yaml, node));
        List<String> searchPath =
                root.node("search_path").map(node -> searchPath(yaml, node)).orElse(List.of());
        Node stepsNode = root.node("steps")
                .orElseThrow(() -> new AlmanacException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "Pipeline '" + name + "' has no 'steps': list at least one step ("
                                + new SourceLocation(source, 1, 1) + ")"));
        Placeholders placeholders = new Placeholders(params.keySet());
        List<Step> steps = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node node : yaml.sequence(stepsNode, "'steps'")) {
            Step step = step(yaml, node, placeholders);
            if (!names.add(step.name())) {
                throw yaml.error(node, "Two steps are named '" + step.name() + "': give each step its own name");
            }
            steps.add(step);
        }
        if (steps.isEmpty()) {
            throw yaml.error(stepsNode, "Pipeline '" + name + "' has no steps: list at least one");
        }
        return new Pipeline(
                name,
                root.node("description")
                        .map(node -> yaml.scalar(node, "'description'").strip())
                        .orElse(""),
                schedule,
                params,
                engine,
                searchPath,
                steps,
                new SourceLocation(source, 1, 1));
    }

    static String name(PipelineYaml yaml, Node node, String what) {
        String name = yaml.scalar(node, "'name'").strip();
        if (!NAME.matcher(name).matches()) {
            throw yaml.error(
                    node,
                    what + " name '" + name + "' must be lower case letters, digits and _, starting with a"
                            + " letter (e.g. daily_course_activity)");
        }
        return name;
    }

    private static List<String> searchPath(PipelineYaml yaml, Node node) {
        List<String> namespaces = new ArrayList<>();
        for (Node item : yaml.sequence(node, "'search_path'")) {
            String namespace = yaml.scalar(item, "'search_path'").strip();
            try {
                TableName.split(namespace);
            } catch (AlmanacException e) {
                throw yaml.error(item, "'" + namespace + "' in 'search_path' is not a namespace, e.g. raw or agg", e);
            }
            namespaces.add(namespace);
        }
        return namespaces;
    }

    private static Schedule schedule(PipelineYaml yaml, Node node) {
        String text = yaml.scalar(node, "'schedule'");
        try {
            return Schedule.parse(text);
        } catch (AlmanacException e) {
            throw yaml.error(node, e.getMessage(), e);
        }
    }

    private static Map<String, String> params(PipelineYaml yaml, YamlDocument.Mapping root) {
        Map<String, String> params = new LinkedHashMap<>();
        Optional<YamlDocument.Mapping> mapping = root.mapping("params");
        if (mapping.isEmpty()) {
            return params;
        }
        for (String key : mapping.get().keys()) {
            Node value = mapping.get().node(key).orElseThrow();
            if (Placeholders.RUN_VALUES.contains(key)) {
                throw yaml.error(
                        value,
                        "Parameter '" + key + "' is set by each run (${dt}, ${start} and ${end} are the"
                                + " run's dates): give the parameter another name");
            }
            if (!Placeholders.NAME.matcher(key).matches()) {
                throw yaml.error(
                        value,
                        "Invalid parameter name '" + key + "': a name starts with a letter or _ and has"
                                + " only letters, digits, _, . and -");
            }
            params.put(key, yaml.scalar(value, "parameter '" + key + "'"));
        }
        return params;
    }

    private static String engine(PipelineYaml yaml, Node node) {
        String engine = yaml.nonEmpty(node, "'engine'");
        if (!NAME.matcher(engine).matches()) {
            throw yaml.error(node, "Invalid engine '" + engine + "': name an engine in lower case, e.g. duckdb");
        }
        return engine;
    }

    private static Step step(PipelineYaml yaml, Node node, Placeholders placeholders) {
        // the keys allowed depend on the type, read first
        YamlDocument.Mapping mapping = yaml.mapping(node, "a step");
        Node nameNode = mapping.node("name")
                .orElseThrow(() -> yaml.error(node, "A step needs a 'name', e.g. name: course_activity"));
        String name = name(yaml, nameNode, "Step");
        Node typeNode = mapping.node("type")
                .orElseThrow(() -> yaml.error(node, "Step '" + name + "' needs a 'type', one of " + StepType.names()));
        String typeName = yaml.scalar(typeNode, "'type'").strip();
        StepType type = StepType.of(typeName)
                .orElseThrow(() -> yaml.error(
                        typeNode,
                        "Unknown step type '" + typeName + "' for step '" + name + "'; expected one of "
                                + StepType.names()));
        Set<String> keys = new HashSet<>(STEP_KEYS);
        keys.addAll(StepSettingsParser.keys(type));
        mapping.requireKnownKeys(keys);

        List<StepReference> dependsOn = new ArrayList<>();
        Optional<Node> dependsOnNode = mapping.node("depends_on");
        if (dependsOnNode.isPresent()) {
            for (Node item : yaml.items(dependsOnNode.get(), "'depends_on'")) {
                String other = yaml.nonEmpty(item, "'depends_on'");
                if (dependsOn.stream().anyMatch(reference -> reference.name().equals(other))) {
                    throw yaml.error(item, "Step '" + name + "' lists '" + other + "' twice in depends_on");
                }
                dependsOn.add(new StepReference(other, yaml.location(item)));
            }
        }
        Optional<Duration> timeout = mapping.node("timeout").map(value -> yaml.positiveDuration(value, "'timeout'"));
        if (type == StepType.WAIT_FOR && timeout.isEmpty()) {
            throw yaml.error(
                    node,
                    "Step '" + name + "' of type wait-for needs a 'timeout', how long to wait at most,"
                            + " e.g. timeout: 2h");
        }
        StepSettings settings = new StepSettingsParser(yaml, name, type, node, mapping, placeholders).parse();
        return new Step(
                name,
                settings,
                dependsOn,
                mapping.node("retries").map(value -> retry(yaml, value)).orElse(Retry.none()),
                timeout,
                mapping.node("engine").map(value -> engine(yaml, value)),
                mapping.node("description")
                        .map(value -> yaml.scalar(value, "'description'").strip())
                        .orElse(""),
                yaml.location(node));
    }

    /** {@code retries: 3}, or {@code retries: {count: 3, backoff: 1m, multiplier: 2}}. */
    private static Retry retry(PipelineYaml yaml, Node node) {
        if (node instanceof ScalarNode) {
            return Retry.times((int) yaml.wholeNumber(node, "retry count", 0, MAX_RETRIES));
        }
        YamlDocument.Mapping mapping = yaml.mapping(node, "'retries'", RETRY_KEYS);
        Node count = mapping.node("count")
                .orElseThrow(() -> yaml.error(
                        node,
                        "Missing key 'count': how many times to" + " retry, e.g. retries: {count: 3, backoff: 1m}"));
        Duration backoff = mapping.node("backoff")
                .map(value -> yaml.duration(value, "'backoff'"))
                .orElse(Retry.DEFAULT_BACKOFF);
        double multiplier = Retry.DEFAULT_MULTIPLIER;
        Optional<Node> multiplierNode = mapping.node("multiplier");
        if (multiplierNode.isPresent()) {
            String text = yaml.scalar(multiplierNode.get(), "'multiplier'").strip();
            BigDecimal value = text.matches("[0-9]+(\\.[0-9]+)?") ? new BigDecimal(text) : BigDecimal.ZERO;
            if (value.compareTo(BigDecimal.ONE) < 0 || value.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw yaml.error(
                        multiplierNode.get(),
                        "Invalid multiplier '" + text + "': expected a number from 1"
                                + " (the same wait before every retry) to 100, e.g. 2 to double the wait each time");
            }
            multiplier = value.doubleValue();
        }
        return new Retry((int) yaml.wholeNumber(count, "retry count", 0, MAX_RETRIES), backoff, multiplier);
    }
}
