package dev.almanac.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact spark-submit command line for each kind of master and setting. */
class TestDriverCommand {
    private static final Path SPARK_SUBMIT = Path.of("/opt/spark/bin/spark-submit");
    private static final Path DRIVER_JAR = Path.of("/opt/almanac/spark/almanac-spark-driver-0.1.0.jar");

    @TempDir
    Path temporary;

    @Test
    void standaloneMasterWithResourcesAndConf() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spark.master", "spark://master.example.org:7077");
        properties.put("spark.driver.memory", "4g");
        properties.put("spark.executor.memory", "8g");
        properties.put("spark.executor.cores", "4");
        properties.put("spark.executor.instances", "10");
        properties.put("spark.sql.shuffle.partitions", "400");
        properties.put("spark.lib", "/opt/almanac/spark");
        properties.put("spark-home", "/opt/spark");

        assertThat(DriverCommand.submit(SPARK_SUBMIT, DRIVER_JAR, DriverOptions.fromProperties(properties, Map.of())))
                .containsExactly(
                        "/opt/spark/bin/spark-submit",
                        "--class",
                        "dev.almanac.spark.driver.SparkDriverMain",
                        "--name",
                        "almanac",
                        "--master",
                        "spark://master.example.org:7077",
                        "--deploy-mode",
                        "client",
                        "--driver-memory",
                        "4g",
                        "--conf",
                        "spark.executor.cores=4",
                        "--conf",
                        "spark.executor.instances=10",
                        "--conf",
                        "spark.executor.memory=8g",
                        "--conf",
                        "spark.sql.shuffle.partitions=400",
                        "/opt/almanac/spark/almanac-spark-driver-0.1.0.jar");
    }

    @Test
    void yarnWithoutResourcesLeavesThemToTheCluster() {
        assertThat(DriverCommand.submit(
                        SPARK_SUBMIT,
                        DRIVER_JAR,
                        DriverOptions.fromProperties(
                                Map.of("spark.master", "yarn", "spark.submit.deployMode", "client"), Map.of())))
                .containsExactly(
                        "/opt/spark/bin/spark-submit",
                        "--class",
                        "dev.almanac.spark.driver.SparkDriverMain",
                        "--name",
                        "almanac",
                        "--master",
                        "yarn",
                        "--deploy-mode",
                        "client",
                        "/opt/almanac/spark/almanac-spark-driver-0.1.0.jar");
    }

    @Test
    void kubernetesMasterWithItsImage() {
        List<String> command = DriverCommand.submit(
                SPARK_SUBMIT,
                DRIVER_JAR,
                DriverOptions.fromProperties(
                        Map.of(
                                "spark.master",
                                "k8s://https://k8s.example.org:6443",
                                "spark.kubernetes.container.image",
                                "apache/spark:4.0.1-scala2.13-java17-ubuntu"),
                        Map.of()));
        assertThat(command)
                .containsSubsequence("--master", "k8s://https://k8s.example.org:6443", "--deploy-mode", "client")
                .containsSubsequence(
                        "--conf",
                        "spark.kubernetes.container.image=apache/spark:4.0.1-scala2.13-java17-ubuntu",
                        DRIVER_JAR.toString());
    }

    @Test
    void aLocalMasterStartsAPlainJavaDriverUnlessSubmitIsAskedFor() throws IOException {
        SparkInstallation installation = installation();
        Path sparkHome = sparkHome(true);
        DriverOptions local = DriverOptions.fromProperties(
                Map.of("spark.master", "local[2]", "spark-home", sparkHome.toString()), Map.of());
        assertThat(DriverCommand.of(installation, local).get(0)).endsWith("/bin/java");

        DriverOptions submitted = DriverOptions.fromProperties(
                Map.of("spark.master", "local[2]", "spark-submit", "true", "spark-home", sparkHome.toString()),
                Map.of());
        assertThat(DriverCommand.of(installation, submitted))
                .containsExactly(
                        sparkHome.resolve("bin/spark-submit").toString(),
                        "--class",
                        "dev.almanac.spark.driver.SparkDriverMain",
                        "--name",
                        "almanac",
                        "--master",
                        "local[2]",
                        "--deploy-mode",
                        "client",
                        installation
                                .libraries()
                                .resolve("almanac-spark-driver-0.1.0.jar")
                                .toString());
    }

    @Test
    void aSubmittedDriverNeedsASparkInstallation() throws IOException {
        SparkInstallation installation = installation();
        assertThatThrownBy(() -> DriverCommand.of(
                        installation, DriverOptions.fromProperties(Map.of("spark.master", "yarn"), Map.of())))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Starting the Spark driver with spark-submit (master yarn) needs a Spark installation:"
                        + " set spark-home in the spark section of almanac.yaml, or SPARK_HOME");

        Path withoutSubmit = sparkHome(false);
        assertThatThrownBy(() -> DriverCommand.of(
                        installation,
                        DriverOptions.fromProperties(
                                Map.of("spark.master", "yarn", "spark-home", withoutSubmit.toString()), Map.of())))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("The Spark installation " + withoutSubmit + " has no executable bin/spark-submit");
    }

    private SparkInstallation installation() throws IOException {
        Path libraries = Files.createDirectories(temporary.resolve("spark-lib"));
        Files.writeString(libraries.resolve("almanac-spark-driver-0.1.0.jar"), "");
        Files.writeString(libraries.resolve("spark-sql_2.13-4.0.1.jar"), "");
        return SparkInstallation.at(libraries);
    }

    private Path sparkHome(boolean withSubmit) throws IOException {
        Path home = temporary.resolve(withSubmit ? "spark" : "spark-without-submit");
        Path bin = Files.createDirectories(home.resolve("bin"));
        if (withSubmit) {
            Path script = Files.writeString(bin.resolve("spark-submit"), "#!/bin/sh\nexit 1\n");
            assertThat(script.toFile().setExecutable(true)).isTrue();
        }
        return home;
    }
}
