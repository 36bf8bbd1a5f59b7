package dev.almanac.duckdb;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.testing.AbstractWindowAggregateTest;
import java.nio.file.Path;

class TestDuckDbWindowAggregate extends AbstractWindowAggregateTest {
    @Override
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults();
    }
}
