package dev.almanac.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.core.engine.Engines;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.QueryResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver started through {@code spark-submit}, end to end. No Spark distribution is installed
 * here, so the test makes a Spark home whose {@code bin/spark-submit} runs Spark's own submit
 * class ({@code org.apache.spark.deploy.SparkSubmit}) from the driver's class path, as a
 * distribution's script does; the engine builds the same command line as for a cluster, with
 * master {@code local[2]}.
 */
class TestSparkSubmitLaunch {
    @TempDir
    Path temporary;

    @Test
    void theDriverRunsThroughSparkSubmitWithItsJarAsTheApplication() throws IOException {
        SparkInstallation installation = SparkInstallation.locate(Map.of());
        Path sparkHome = sparkHome(installation);
        try (Engine engine = Engines.create(
                "spark",
                new EngineContext(
                        temporary,
                        Map.of(
                                "spark.master", "local[2]",
                                "spark-submit", "true",
                                "spark-home", sparkHome.toString(),
                                "spark.sql.shuffle.partitions", "2",
                                "spark.driver.memory", "1g")))) {
            assertThat(setting(engine, "spark.master")).isEqualTo("local[2]");
            assertThat(setting(engine, "spark.submit.deployMode")).isEqualTo("client");
            assertThat(setting(engine, "spark.app.name")).isEqualTo("almanac");
            // spark-submit ships the primary resource, the driver's jar, to the executors
            assertThat(setting(engine, "spark.jars")).isEqualTo("file:" + installation.driverJar());
            // the settings the driver fixes still hold under spark-submit
            assertThat(setting(engine, "spark.sql.session.timeZone")).isEqualTo("UTC");
            try (QueryResult result = engine.query(
                    "SELECT count(*) AS n FROM range(1000) GROUP BY id % 7 ORDER BY n LIMIT 1", List.of())) {
                assertThat(result.next()).isTrue();
                assertThat(result.value(0)).isEqualTo(142L);
            }
        }
    }

    private static String setting(Engine engine, String key) {
        try (QueryResult result = engine.query("SET " + key, List.of())) {
            assertThat(result.next()).as(key).isTrue();
            return (String) result.value(1);
        }
    }

    /** A Spark home whose spark-submit runs SparkSubmit on the installation's jars. */
    private Path sparkHome(SparkInstallation installation) throws IOException {
        Path home = temporary.resolve("spark-home");
        Path bin = Files.createDirectories(home.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder script =
                new StringBuilder("#!/bin/sh\nexec '").append(java).append("' -Xmx1g");
        for (String opened : DriverCommand.OPENED_PACKAGES) {
            script.append(" --add-opens=java.base/").append(opened).append("=ALL-UNNAMED");
        }
        script.append(" -cp '")
                .append(installation.libraries())
                .append("/*' org.apache.spark.deploy.SparkSubmit \"$@\"\n");
        Path submit = Files.writeString(bin.resolve("spark-submit"), script);
        assertThat(submit.toFile().setExecutable(true)).isTrue();
        return home;
    }
}
