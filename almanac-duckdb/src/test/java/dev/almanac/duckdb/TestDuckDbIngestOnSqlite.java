package dev.almanac.duckdb;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.testing.AbstractIngestTest;
import java.nio.file.Path;

class TestDuckDbIngestOnSqlite extends AbstractIngestTest {
    @Override
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults();
    }
}
