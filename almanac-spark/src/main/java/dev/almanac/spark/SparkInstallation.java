package dev.almanac.spark;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder holding the Spark driver's class path: the driver jar, Spark and their dependencies.
 * Looked up in this order: the {@code spark.lib} engine property, the {@code almanac.spark.lib}
 * system property, the {@code ALMANAC_SPARK_LIB} environment variable, and the {@code spark}
 * folder of the distribution (next to the {@code lib} folder holding this engine's jar).
 */
public record SparkInstallation(Path libraries) {
    static final String PROPERTY = "spark.lib";
    static final String SYSTEM_PROPERTY = "almanac.spark.lib";
    static final String ENVIRONMENT = "ALMANAC_SPARK_LIB";
    private static final String DRIVER_JAR_PREFIX = "almanac-spark-driver";
    private static final String SPARK_JAR_PREFIX = "spark-sql_";

    public SparkInstallation {
        requireNonNull(libraries, "libraries is null");
    }

    public static SparkInstallation locate(Map<String, String> properties) {
        Optional<String> configured = Optional.ofNullable(properties.get(PROPERTY))
                .or(() -> Optional.ofNullable(System.getProperty(SYSTEM_PROPERTY)))
                .or(() -> Optional.ofNullable(System.getenv(ENVIRONMENT)));
        Path folder = configured.map(Path::of).orElseGet(SparkInstallation::distributionFolder);
        return at(folder);
    }

    /** The installation in {@code folder}, checked to hold the driver and Spark. */
    public static SparkInstallation at(Path folder) {
        if (!holds(folder, DRIVER_JAR_PREFIX) || !holds(folder, SPARK_JAR_PREFIX)) {
            throw new AlmanacException(
                    ErrorCode.NOT_SUPPORTED,
                    "The Spark engine is not installed: " + folder.toAbsolutePath()
                            + " does not hold the Spark driver and Spark's jars; build them with"
                            + " `./mvnw -pl almanac-spark-driver -am package` and point " + ENVIRONMENT
                            + " at almanac-spark-driver/target/spark-lib, or use the distribution's spark folder");
        }
        return new SparkInstallation(folder.toAbsolutePath().normalize());
    }

    /** The class path argument for {@code java -cp}. */
    String classPath() {
        return libraries.resolve("*").toString();
    }

    /** The driver's jar: the job artifact {@code spark-submit} ships. */
    Path driverJar() {
        try (Stream<Path> files = Files.list(libraries)) {
            return files.filter(file -> isJar(file.getFileName().toString(), DRIVER_JAR_PREFIX))
                    .sorted()
                    .findFirst()
                    .orElseThrow(
                            () -> new AlmanacException(ErrorCode.NOT_SUPPORTED, "No Spark driver jar in " + libraries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isJar(String name, String prefix) {
        return name.startsWith(prefix) && name.endsWith(".jar");
    }

    private static boolean holds(Path folder, String prefix) {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).anyMatch(name -> isJar(name, prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path distributionFolder() {
        CodeSource source = SparkInstallation.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return Path.of("spark");
        }
        try {
            Path lib = Path.of(source.getLocation().toURI()).getParent();
            return lib == null || lib.getParent() == null
                    ? Path.of("spark")
                    : lib.getParent().resolve("spark");
        } catch (URISyntaxException e) {
            return Path.of("spark");
        }
    }
}
