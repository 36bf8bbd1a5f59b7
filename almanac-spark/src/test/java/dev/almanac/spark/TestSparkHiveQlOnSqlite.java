package dev.almanac.spark;

import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.testing.AbstractHiveQlTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The HiveQL contract on Spark, which runs HiveQL natively: the same cases and results as on DuckDB. */
class TestSparkHiveQlOnSqlite extends AbstractHiveQlTest {
    @TempDir
    static Path driverDirectory;

    private static SparkDriver driver;

    @BeforeAll
    static void startDriver() {
        driver = TestingSparkDriver.start(driverDirectory);
    }

    @AfterAll
    static void stopDriver() {
        driver.close();
    }

    @Override
    protected String engine() {
        return SparkEngineFactory.NAME;
    }

    @Override
    protected Engine createEngine(EngineContext context) {
        return SparkEngine.attach(driver);
    }
}
