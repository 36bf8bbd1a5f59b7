package dev.almanac.spark;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to start a Spark driver: its Spark settings and the heap of its JVM ({@code
 * spark.driver.memory}, which a local driver must be given when its JVM starts). Settings are
 * {@code spark.*} keys: the defaults ({@code spark.master=local[*]}), then this JVM's {@code
 * -Dspark.*} system properties, then the engine properties.
 */
public record DriverOptions(Map<String, String> sparkSettings, Optional<String> memory) {
    public static final String DEFAULT_MASTER = "local[*]";

    public DriverOptions {
        sparkSettings = Map.copyOf(sparkSettings);
        requireNonNull(memory, "memory is null");
    }

    public static DriverOptions fromProperties(Map<String, String> properties) {
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
        return new DriverOptions(settings, Optional.ofNullable(settings.get("spark.driver.memory")));
    }
}
