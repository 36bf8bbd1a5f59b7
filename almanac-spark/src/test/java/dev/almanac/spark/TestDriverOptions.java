package dev.almanac.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestDriverOptions {
    @Test
    void defaultsToLocalModeOnEveryCoreWithTheJvmDefaultHeap() {
        DriverOptions options = DriverOptions.fromProperties(Map.of());
        assertThat(options.sparkSettings()).containsEntry("spark.master", "local[*]");
        assertThat(options.memory()).isEmpty();
    }

    @Test
    void engineSettingsWinAndTheDriverMemoryBecomesTheHeap() {
        DriverOptions options = DriverOptions.fromProperties(Map.of(
                "spark.master", "local[3]",
                "spark.driver.memory", "6g",
                "spark.lib", "/opt/spark-lib",
                "duckdb.threads", "2"));
        assertThat(options.sparkSettings()).isEqualTo(Map.of("spark.master", "local[3]", "spark.driver.memory", "6g"));
        assertThat(options.memory()).isEqualTo(Optional.of("6g"));

        List<String> command = SparkDriver.command(new SparkInstallation(Path.of("/opt/spark-lib")), options);
        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command)
                .contains(
                        "-Xmx6g",
                        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                        "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED")
                .containsSubsequence("-cp", "/opt/spark-lib/*", SparkDriver.MAIN_CLASS, "spark.master=local[3]");
    }
}
