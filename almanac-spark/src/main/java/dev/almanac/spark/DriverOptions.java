package dev.almanac.spark;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to start a Spark driver: its Spark settings, the heap of its JVM ({@code
 * spark.driver.memory}, which a driver must be given when its JVM starts), the further options of that
 * JVM ({@code spark.driver.extraJavaOptions}, for the same reason), and whether {@code
 * spark-submit} of a Spark installation starts it instead of a plain {@code java} launch. Settings
 * are {@code spark.*} keys: the defaults ({@code spark.master=local[*]}), then this JVM's {@code
 * -Dspark.*} system properties, then the engine properties. The engine properties {@value
 * #SUBMIT_PROPERTY} ({@code true}/{@code false}; default: when the master is not local) and
 * {@value #SPARK_HOME_PROPERTY} (default: {@code $SPARK_HOME}) choose the launch.
 *
 * @param javaOptions the words of {@code spark.driver.extraJavaOptions}, as {@code spark-submit} splits them
 * @param sparkHome the Spark installation whose {@code bin/spark-submit} starts a submitted driver
 */
public record DriverOptions(
        Map<String, String> sparkSettings,
        Optional<String> memory,
        List<String> javaOptions,
        boolean submit,
        Optional<Path> sparkHome) {
    public static final String DEFAULT_MASTER = "local[*]";
    static final String SUBMIT_PROPERTY = "spark-submit";
    static final String SPARK_HOME_PROPERTY = "spark-home";
    static final String SPARK_HOME_ENVIRONMENT = "SPARK_HOME";

    public DriverOptions {
        sparkSettings = Map.copyOf(sparkSettings);
        requireNonNull(memory, "memory is null");
        javaOptions = List.copyOf(javaOptions);
        requireNonNull(sparkHome, "sparkHome is null");
    }

    public static DriverOptions fromProperties(Map<String, String> properties) {
        return fromProperties(properties, System.getenv());
    }

    static DriverOptions fromProperties(Map<String, String> properties, Map<String, String> environment) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spark.master", DEFAULT_MASTER);
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("spark."))
                .sorted()
                .forEach(key -> settings.put(key, System.getProperty(key)));
        properties.forEach((key, value) -> {
            if (key.startsWith("spark.") && !key.equals(SparkInstallation.PROPERTY)) {
                settings.put(key, value);
            }
        });
        String deployMode = settings.getOrDefault("spark.submit.deployMode", "client");
        if (!deployMode.equals("client")) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "spark.submit.deployMode=" + deployMode + " is not supported: Almanac sends the Spark driver"
                            + " its work over the driver's standard input and output, so the driver runs next to"
                            + " Almanac, in client mode");
        }
        String master = settings.get("spark.master");
        boolean submit = Optional.ofNullable(properties.get(SUBMIT_PROPERTY))
                .map(DriverOptions::bool)
                .orElse(!isLocal(master));
        Optional<Path> sparkHome = Optional.ofNullable(properties.get(SPARK_HOME_PROPERTY))
                .or(() -> Optional.ofNullable(environment.get(SPARK_HOME_ENVIRONMENT)))
                .filter(home -> !home.isBlank())
                .map(Path::of);
        List<String> javaOptions = Optional.ofNullable(settings.get(JavaOptions.SETTING))
                .map(JavaOptions::parse)
                .orElse(List.of());
        return new DriverOptions(
                settings, Optional.ofNullable(settings.get("spark.driver.memory")), javaOptions, submit, sparkHome);
    }

    public String master() {
        return sparkSettings.getOrDefault("spark.master", DEFAULT_MASTER);
    }

    /** True for masters that run Spark inside the driver's JVM: {@code local}, {@code local[…]}. */
    static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    private static boolean bool(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw new AlmanacException(
                        ErrorCode.INVALID_CONFIGURATION,
                        "The Spark engine property " + SUBMIT_PROPERTY + " must be true or false, not '" + value + "'");
        };
    }
}
