package dev.almanac.spark;

import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.testing.AbstractHiveQlTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HiveQL contract on Spark, which runs HiveQL natively: the same cases and results as on DuckDB. */
class TestSparkHiveQlOnSqlite extends AbstractHiveQlTest {
    @RegisterExtension
    static final TestingSparkDriver spark = new TestingSparkDriver();

    @Override
    protected String engine() {
        return SparkEngineFactory.NAME;
    }

    @Override
    protected Engine createEngine(EngineContext context) {
        return SparkEngine.attach(spark.driver());
    }
}
