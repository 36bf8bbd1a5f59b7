package dev.almanac.spark;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.testing.AbstractWindowAggregateTest;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Window aggregates on Spark: the same plans, and outputs equal to a full recompute, as on DuckDB. */
class TestSparkWindowAggregate extends AbstractWindowAggregateTest {
    @RegisterExtension
    static final TestingSparkDriver spark = new TestingSparkDriver();

    @Override
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults();
    }

    @Override
    protected Engine createEngine(EngineContext context) {
        return SparkEngine.attach(spark.driver());
    }

    @Override
    protected boolean engineBuildsSketches() {
        return true;
    }
}
