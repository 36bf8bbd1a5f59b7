package dev.almanac.spark;

import java.nio.file.Path;
import java.util.Map;

/** A driver sized for tests: two local threads, two shuffle partitions, a 1 GB heap, no UI. */
final class TestingSparkDriver {
    private TestingSparkDriver() {}

    static SparkDriver start(Path logDirectory) {
        return SparkDriver.start(
                SparkInstallation.locate(Map.of()),
                DriverOptions.fromProperties(Map.of(
                        "spark.master", "local[2]",
                        "spark.sql.shuffle.partitions", "2",
                        "spark.driver.memory", "1g",
                        "spark.ui.enabled", "false")),
                logDirectory);
    }
}
