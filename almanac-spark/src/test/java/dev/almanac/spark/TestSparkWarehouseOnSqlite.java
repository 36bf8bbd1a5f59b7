package dev.almanac.spark;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.testing.AbstractWarehouseTest;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The warehouse contract on Spark: one driver for the class, a Spark session per warehouse session. */
class TestSparkWarehouseOnSqlite extends AbstractWarehouseTest {
    @RegisterExtension
    static final TestingSparkDriver spark = new TestingSparkDriver();

    @Override
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults();
    }

    @Override
    protected String engine() {
        return SparkEngineFactory.NAME;
    }

    @Override
    protected Engine createEngine(EngineContext context) {
        return SparkEngine.attach(spark.driver());
    }

    @Override
    protected String typedLiterals() {
        return "CAST(12.34 AS DECIMAL(10,2)) AS price,"
                + " TIMESTAMP_LTZ '2024-01-02 03:04:05.123456' AS happened_at,"
                + " TIMESTAMP_NTZ '2024-01-02 03:04:05' AS local_at,"
                + " array(1, 2, 3) AS numbers,"
                + " named_struct('a', 1, 'b', 'x') AS pair";
    }

    @Override
    protected String unknownColumnMessage() {
        return "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name `nope`"
                + " cannot be resolved. Did you mean one of the following? [`dt`, `id`, `score`, `username`]."
                + " (line 1, pos 7)";
    }
}
