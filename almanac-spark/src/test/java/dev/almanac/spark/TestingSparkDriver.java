package dev.almanac.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One driver for a test class, sized for tests (two local threads, two shuffle partitions, a 1 GB
 * heap, no UI): registered as a static {@code @RegisterExtension} field, it starts before the
 * class's first test and stops, with its log folder removed, after the last.
 */
final class TestingSparkDriver implements BeforeAllCallback, AfterAllCallback {
    private Path logDirectory;
    private SparkDriver driver;

    SparkDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("The driver starts before the class's first test");
        }
        return driver;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        logDirectory = Files.createTempDirectory("spark-driver-test-");
        driver = SparkDriver.start(
                SparkInstallation.locate(Map.of()),
                DriverOptions.fromProperties(Map.of(
                        "spark.master", "local[2]",
                        "spark.sql.shuffle.partitions", "2",
                        "spark.driver.memory", "1g",
                        "spark.ui.enabled", "false")),
                logDirectory);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (driver != null) {
                driver.close();
            }
        } finally {
            driver = null;
            try (Stream<Path> paths = Files.walk(logDirectory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }
}
