package dev.almanac.spark;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.testing.AbstractWindowAggregateTest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Window aggregates on Spark: the same plans, and outputs equal to a full recompute, as on DuckDB. */
class TestSparkWindowAggregate extends AbstractWindowAggregateTest {
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
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults();
    }

    @Override
    protected Engine createEngine(EngineContext context) {
        return SparkEngine.attach(driver);
    }
}
