package dev.almanac.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestDriverOptions {
    @Test
    void defaultsToLocalModeOnEveryCoreWithTheJvmDefaultHeap() {
        DriverOptions options = DriverOptions.fromProperties(Map.of(), Map.of());
        assertThat(options.sparkSettings()).containsEntry("spark.master", "local[*]");
        assertThat(options.memory()).isEmpty();
        assertThat(options.submit()).isFalse();
        assertThat(options.sparkHome()).isEmpty();
    }

    @Test
    void engineSettingsWinAndTheDriverMemoryBecomesTheHeap() {
        DriverOptions options = DriverOptions.fromProperties(
                Map.of(
                        "spark.master", "local[3]",
                        "spark.driver.memory", "6g",
                        "spark.lib", "/opt/spark-lib",
                        "duckdb.threads", "2"),
                Map.of());
        assertThat(options.sparkSettings()).isEqualTo(Map.of("spark.master", "local[3]", "spark.driver.memory", "6g"));
        assertThat(options.memory()).isEqualTo(Optional.of("6g"));

        List<String> command = DriverCommand.of(new SparkInstallation(Path.of("/opt/spark-lib")), options);
        assertThat(command.get(0)).endsWith("/bin/java");
        assertThat(command)
                .contains(
                        "-Xmx6g",
                        "-XX:+UseParallelGC",
                        "-XX:Tier4InvocationThreshold=50000",
                        "-XX:Tier4BackEdgeThreshold=400000",
                        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                        "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED")
                .containsSubsequence("-cp", "/opt/spark-lib/*", SparkDriver.MAIN_CLASS, "spark.master=local[3]");
    }

    @Test
    void aClusterMasterIsSubmittedWithSparkHomeFromTheEnvironmentUnlessTheEngineNamesOne() {
        DriverOptions fromEnvironment = DriverOptions.fromProperties(
                Map.of("spark.master", "spark://master.example.org:7077"), Map.of("SPARK_HOME", "/opt/spark"));
        assertThat(fromEnvironment.submit()).isTrue();
        assertThat(fromEnvironment.sparkHome()).contains(Path.of("/opt/spark"));

        DriverOptions named = DriverOptions.fromProperties(
                Map.of("spark.master", "yarn", "spark-home", "/srv/spark-4.0.1"), Map.of("SPARK_HOME", "/opt/spark"));
        assertThat(named.submit()).isTrue();
        assertThat(named.sparkHome()).contains(Path.of("/srv/spark-4.0.1"));
        assertThat(named.sparkSettings()).doesNotContainKey("spark-home");
    }

    @Test
    void submitCanBeAskedForLocallyOrTurnedOffForACluster() {
        assertThat(DriverOptions.fromProperties(Map.of("spark.master", "local[2]", "spark-submit", "true"), Map.of())
                        .submit())
                .isTrue();
        assertThat(DriverOptions.fromProperties(Map.of("spark.master", "yarn", "spark-submit", "false"), Map.of())
                        .submit())
                .isFalse();
        assertThatThrownBy(() -> DriverOptions.fromProperties(Map.of("spark-submit", "yes"), Map.of()))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("The Spark engine property spark-submit must be true or false, not 'yes'");
    }

    @Test
    void clusterDeployModeIsRefusedBecauseTheDriverMustStayReachable() {
        assertThatThrownBy(() -> DriverOptions.fromProperties(
                        Map.of("spark.master", "yarn", "spark.submit.deployMode", "cluster"), Map.of()))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("spark.submit.deployMode=cluster is not supported: Almanac sends the Spark driver its"
                        + " work over the driver's standard input and output, so the driver runs next to Almanac,"
                        + " in client mode")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
    }

    @Test
    void extraJavaOptionsAreSplitAsSparkSubmitSplitsThemAndGoBeforeTheClassPath() {
        DriverOptions options = DriverOptions.fromProperties(
                Map.of(
                        "spark.driver.extraJavaOptions",
                        " -XX:+UseG1GC  -Dalmanac.note='two words' -Dquoted=\"a \\\"b\\\"\" -Descaped=x\\ y "),
                Map.of());
        assertThat(options.javaOptions())
                .containsExactly("-XX:+UseG1GC", "-Dalmanac.note=two words", "-Dquoted=a \"b\"", "-Descaped=x y");

        List<String> command = DriverCommand.of(new SparkInstallation(Path.of("/opt/spark-lib")), options);
        assertThat(command)
                .containsSubsequence("-XX:+UseG1GC", "-Dalmanac.note=two words", "-cp", SparkDriver.MAIN_CLASS)
                .doesNotContain("-XX:+UseParallelGC");
    }

    @Test
    void flagsThatTuneACollectorLeaveTheDefaultCollector() {
        DriverOptions options = DriverOptions.fromProperties(
                Map.of(
                        "spark.driver.extraJavaOptions",
                        "-XX:+UseAdaptiveSizePolicyWithSystemGC -XX:+UseStringDeduplication"),
                Map.of());
        assertThat(DriverCommand.of(new SparkInstallation(Path.of("/opt/spark-lib")), options))
                .containsSubsequence(
                        "-XX:+UseParallelGC", "-XX:+UseAdaptiveSizePolicyWithSystemGC", "-XX:+UseStringDeduplication");
        for (String collector : List.of("-XX:+UseSerialGC", "-XX:+UseZGC", "-XX:+UseShenandoahGC")) {
            assertThat(DriverCommand.of(
                            new SparkInstallation(Path.of("/opt/spark-lib")),
                            DriverOptions.fromProperties(Map.of("spark.driver.extraJavaOptions", collector), Map.of())))
                    .as(collector)
                    .contains(collector)
                    .doesNotContain("-XX:+UseParallelGC");
        }
    }

    @Test
    void extraJavaOptionsComeAfterTheCompilerThresholdsSoTheySetThemAgain() {
        DriverOptions options = DriverOptions.fromProperties(
                Map.of("spark.driver.extraJavaOptions", "-XX:Tier4InvocationThreshold=5000"), Map.of());
        assertThat(DriverCommand.of(new SparkInstallation(Path.of("/opt/spark-lib")), options))
                .containsSubsequence(
                        "-XX:Tier4InvocationThreshold=50000",
                        "-XX:Tier4InvocationThreshold=5000",
                        "-cp",
                        SparkDriver.MAIN_CLASS);
    }

    @Test
    void extraJavaOptionsThatCannotBeSplitOrSetTheHeapAreRefused() {
        assertThatThrownBy(() -> DriverOptions.fromProperties(
                        Map.of("spark.driver.extraJavaOptions", "-Dname='unclosed"), Map.of()))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("spark.driver.extraJavaOptions '-Dname='unclosed' cannot be used: a ' quote is not closed")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThatThrownBy(() ->
                        DriverOptions.fromProperties(Map.of("spark.driver.extraJavaOptions", "-Dpath=C:\\"), Map.of()))
                .hasMessage("spark.driver.extraJavaOptions '-Dpath=C:\\' cannot be used: it ends with a backslash"
                        + " that escapes nothing");
        assertThatThrownBy(() -> DriverOptions.fromProperties(
                        Map.of("spark.driver.extraJavaOptions", "-verbose:gc -Xmx8g"), Map.of()))
                .hasMessage("spark.driver.extraJavaOptions '-verbose:gc -Xmx8g' cannot be used: -Xmx8g sets the heap,"
                        + " which is spark.driver.memory (driver-memory in the spark section of almanac.yaml)");
    }
}
