package dev.almanac.core.warehouse;

import dev.almanac.core.config.YamlDocument;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/** Reads the {@code spark:} section of {@code almanac.yaml}. */
final class SparkConfigParser {
    static final Set<String> KEYS = Set.of(
            "master",
            "deploy-mode",
            "submit",
            "spark-home",
            "driver-memory",
            "executor-memory",
            "executor-cores",
            "executors",
            "conf");
    /** Settings with a key of their own in the section, refused under {@code conf}. */
    private static final Map<String, String> OWN_KEYS = Map.of(
            "spark.master", "master",
            "spark.submit.deployMode", "deploy-mode",
            "spark.driver.memory", "driver-memory",
            "spark.executor.memory", "executor-memory",
            "spark.executor.cores", "executor-cores",
            "spark.executor.instances", "executors");

    private static final Pattern MEMORY = Pattern.compile("[0-9]+[kmgtKMGT]?");

    private SparkConfigParser() {}

    static SparkConfig parse(YamlDocument document, YamlDocument.Mapping section) {
        section.requireKnownKeys(KEYS);
        section.string("deploy-mode").ifPresent(mode -> deployMode(document, section, mode));
        Map<String, String> conf = new TreeMap<>();
        section.mapping("conf").ifPresent(values -> {
            for (String key : values.keys()) {
                Node value = values.node(key).orElseThrow();
                if (!key.startsWith("spark.")) {
                    throw document.error(value, "Spark setting '" + key + "' under 'conf' must start with 'spark.'");
                }
                if (OWN_KEYS.containsKey(key)) {
                    throw document.error(
                            value, "Set " + key + " with 'spark: " + OWN_KEYS.get(key) + ":', not under 'conf'");
                }
                conf.put(key, values.requiredString(key));
            }
        });
        return new SparkConfig(
                section.string("master").orElse(SparkConfig.LOCAL_MASTER),
                section.string("submit").map(value -> bool(document, section, "submit", value)),
                section.string("spark-home"),
                memory(document, section, "driver-memory"),
                memory(document, section, "executor-memory"),
                positive(document, section, "executor-cores"),
                positive(document, section, "executors"),
                conf);
    }

    private static void deployMode(YamlDocument document, YamlDocument.Mapping section, String mode) {
        Node node = section.node("deploy-mode").orElseThrow();
        if (mode.equals("cluster")) {
            throw document.error(
                    node,
                    "deploy-mode: cluster is not supported: Almanac sends the Spark driver its work over the"
                            + " driver's standard input and output, so the driver must run next to Almanac"
                            + " (deploy-mode: client, the default)");
        }
        if (!mode.equals("client")) {
            throw document.error(node, "Unknown deploy-mode '" + mode + "'; expected client");
        }
    }

    private static boolean bool(YamlDocument document, YamlDocument.Mapping section, String key, String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw document.error(
                        section.node(key).orElseThrow(), "'" + key + "' must be true or false, not '" + value + "'");
        };
    }

    private static Optional<String> memory(YamlDocument document, YamlDocument.Mapping section, String key) {
        Optional<String> value = section.string(key);
        if (value.isPresent() && !MEMORY.matcher(value.get()).matches()) {
            throw document.error(
                    section.node(key).orElseThrow(),
                    "'" + key + "' must be an amount of memory such as 4g or 512m, not '" + value.get() + "'");
        }
        return value;
    }

    private static Optional<Integer> positive(YamlDocument document, YamlDocument.Mapping section, String key) {
        return section.string(key).map(value -> {
            try {
                int number = Integer.parseInt(value);
                if (number > 0) {
                    return number;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw document.error(
                    section.node(key).orElseThrow(),
                    "'" + key + "' must be a positive whole number, not '" + value + "'");
        });
    }
}
