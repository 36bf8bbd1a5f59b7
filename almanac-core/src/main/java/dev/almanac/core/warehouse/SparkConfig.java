package dev.almanac.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code spark:} section of {@code almanac.yaml}: where the Spark engine's driver runs and with
 * what resources. The driver always runs in client mode, next to the Almanac process, because
 * Almanac talks to it over its standard input and output.
 *
 * @param master Spark's master: {@code local[*]} (the default), {@code spark://host:7077}, {@code
 *     yarn} or {@code k8s://…}
 * @param submit whether to start the driver with {@code spark-submit}; empty: when the master is
 *     not local
 * @param sparkHome the Spark installation whose {@code bin/spark-submit} starts the driver; empty:
 *     {@code $SPARK_HOME}
 * @param conf further Spark settings ({@code spark.*} keys)
 */
public record SparkConfig(
        String master,
        Optional<Boolean> submit,
        Optional<String> sparkHome,
        Optional<String> driverMemory,
        Optional<String> executorMemory,
        Optional<Integer> executorCores,
        Optional<Integer> executors,
        Map<String, String> conf) {
    public static final String LOCAL_MASTER = "local[*]";

    /** Engine properties that are not Spark settings: see {@link #engineProperties()}. */
    public static final String SUBMIT_PROPERTY = "spark-submit";

    public static final String SPARK_HOME_PROPERTY = "spark-home";

    public SparkConfig {
        requireNonNull(master, "master is null");
        requireNonNull(submit, "submit is null");
        requireNonNull(sparkHome, "sparkHome is null");
        requireNonNull(driverMemory, "driverMemory is null");
        requireNonNull(executorMemory, "executorMemory is null");
        requireNonNull(executorCores, "executorCores is null");
        requireNonNull(executors, "executors is null");
        conf = Map.copyOf(conf);
    }

    public static SparkConfig defaults() {
        return new SparkConfig(
                LOCAL_MASTER,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Map.of());
    }

    /** True for {@code local}, {@code local[N]}, {@code local[*]} and {@code local[N,F]}: one machine. */
    public static boolean isLocal(String master) {
        return master.equals("local") || master.startsWith("local[");
    }

    public boolean isLocal() {
        return isLocal(master);
    }

    /**
     * The section as the Spark engine's properties: {@code spark.*} settings (the master unless it is
     * the default, the
     * resources as Spark's own keys, then {@code conf}), plus {@value #SUBMIT_PROPERTY} and {@value
     * #SPARK_HOME_PROPERTY} when given.
     */
    public Map<String, String> engineProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        if (!master.equals(LOCAL_MASTER)) {
            // the engine's default otherwise, which a -Dspark.master property may change
            properties.put("spark.master", master);
        }
        driverMemory.ifPresent(memory -> properties.put("spark.driver.memory", memory));
        executorMemory.ifPresent(memory -> properties.put("spark.executor.memory", memory));
        executorCores.ifPresent(cores -> properties.put("spark.executor.cores", Integer.toString(cores)));
        executors.ifPresent(count -> properties.put("spark.executor.instances", Integer.toString(count)));
        properties.putAll(new TreeMap<>(conf));
        submit.ifPresent(value -> properties.put(SUBMIT_PROPERTY, Boolean.toString(value)));
        sparkHome.ifPresent(home -> properties.put(SPARK_HOME_PROPERTY, home));
        return properties;
    }
}
