package dev.almanac.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.core.engine.Engines;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.QueryResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver lives exactly as long as the engine session, or the JVM, that started it. */
class TestSparkDriverLifetime {
    @TempDir
    Path temporary;

    @Test
    void anEngineFromTheFactoryStopsItsDriverWhenClosed() {
        Engine engine = Engines.create(
                "spark",
                new EngineContext(
                        temporary,
                        Map.of(
                                "spark.master",
                                "local[1]",
                                "spark.sql.shuffle.partitions",
                                "1",
                                "spark.driver.memory",
                                "1g")));
        SparkEngine spark = (SparkEngine) engine;
        long pid = spark.driver().pid();
        assertThat(ProcessHandle.of(pid)).map(ProcessHandle::isAlive).contains(true);
        assertThat(driverArguments(pid)).contains("-XX:+UseParallelGC", "-XX:Tier4InvocationThreshold=50000");
        try (QueryResult result = engine.query("SELECT 1 + 1", List.of())) {
            assertThat(result.next()).isTrue();
            assertThat(result.value(0)).isEqualTo(2);
        }
        engine.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThatThrownBy(() -> engine.describe("SELECT 1", List.of()))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("The Spark driver has been stopped");
        try (var logs = Files.list(temporary)) {
            assertThat(logs.filter(file -> file.getFileName().toString().startsWith("spark-driver-")))
                    .isEmpty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theDriverJvmRunsWithTheExtraJavaOptions() {
        try (Engine engine = Engines.create(
                "spark",
                new EngineContext(
                        temporary,
                        Map.of(
                                "spark.master", "local[1]",
                                "spark.driver.memory", "1g",
                                "spark.driver.extraJavaOptions", "-XX:+UseSerialGC -Dalmanac.probe='two words'")))) {
            assertThat(driverArguments(((SparkEngine) engine).driver().pid()))
                    .contains("-XX:+UseSerialGC", "-Dalmanac.probe=two words")
                    .doesNotContain("-XX:+UseParallelGC");
            try (QueryResult result =
                    engine.query("SELECT reflect('java.lang.System', 'getProperty', 'almanac.probe')", List.of())) {
                assertThat(result.next()).isTrue();
                assertThat(result.value(0)).isEqualTo("two words");
            }
        }
    }

    private static List<String> driverArguments(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(process -> process.info().arguments())
                .map(List::of)
                .orElseThrow(() -> new AssertionError("The driver's command line cannot be read"));
    }

    @Test
    void theDriverEndsWhenTheJvmThatStartedItDiesWithoutClosingIt()
            throws IOException, InterruptedException, ExecutionException, TimeoutException {
        Process parent = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-D" + SparkInstallation.SYSTEM_PROPERTY + "="
                                + System.getProperty(SparkInstallation.SYSTEM_PROPERTY),
                        DyingParent.class.getName(),
                        temporary.toString())
                .redirectErrorStream(true)
                .start();
        String pidLine;
        try (BufferedReader output =
                new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
            pidLine = output.lines()
                    .filter(line -> line.startsWith("driver "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("the parent printed no driver pid"));
        }
        assertThat(parent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(parent.exitValue()).isEqualTo(3);

        Optional<ProcessHandle> driver = ProcessHandle.of(Long.parseLong(pidLine.substring("driver ".length())));
        if (driver.isPresent()) {
            // the driver sees its stdin close and stops; it has no reason to linger
            driver.get().onExit().get(60, TimeUnit.SECONDS);
        }
        assertThat(driver.map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    @Test
    void aMissingInstallationIsExplained() {
        Path empty = temporary.resolve("nothing-here");
        assertThatThrownBy(() ->
                        Engines.create("spark", new EngineContext(temporary, Map.of("spark.lib", empty.toString()))))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("The Spark engine is not installed: " + empty
                        + " does not hold the Spark driver and Spark's jars; build them with"
                        + " `./mvnw -pl almanac-spark-driver -am package` and point ALMANAC_SPARK_LIB at"
                        + " almanac-spark-driver/target/spark-lib, or use the distribution's spark folder")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
    }

    @Test
    void aDriverThatCannotStartReportsItsLog() {
        assertThatThrownBy(() -> SparkDriver.start(
                        SparkInstallation.locate(Map.of()),
                        // a plain java launch: Spark itself refuses the master
                        DriverOptions.fromProperties(Map.of("spark.master", "no-such-master", "spark-submit", "false")),
                        temporary))
                .isInstanceOf(AlmanacException.class)
                .hasMessageStartingWith("The Spark driver did not start: see " + temporary)
                .hasMessageContaining("Could not parse Master URL: 'no-such-master'")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.ENGINE_ERROR);
    }

    /** Starts a driver, prints its pid and halts without closing it or running shutdown hooks. */
    public static final class DyingParent {
        private DyingParent() {}

        public static void main(String[] args) {
            SparkDriver driver = SparkDriver.start(
                    SparkInstallation.locate(Map.of()),
                    DriverOptions.fromProperties(Map.of("spark.master", "local[1]", "spark.driver.memory", "1g")),
                    Path.of(args[0]));
            System.out.println("driver " + driver.pid());
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }
    }
}
