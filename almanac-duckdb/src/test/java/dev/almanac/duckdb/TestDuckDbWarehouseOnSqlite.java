package dev.almanac.duckdb;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.testing.AbstractWarehouseTest;
import java.nio.file.Path;

class TestDuckDbWarehouseOnSqlite extends AbstractWarehouseTest {
    @Override
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults();
    }
}
