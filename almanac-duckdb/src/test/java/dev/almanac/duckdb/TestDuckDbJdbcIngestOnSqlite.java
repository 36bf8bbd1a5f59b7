package dev.almanac.duckdb;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.testing.AbstractJdbcIngestTest;
import java.nio.file.Path;

class TestDuckDbJdbcIngestOnSqlite extends AbstractJdbcIngestTest {
    @Override
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults();
    }
}
