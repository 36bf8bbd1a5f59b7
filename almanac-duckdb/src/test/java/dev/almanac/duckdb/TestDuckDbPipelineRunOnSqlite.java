package dev.almanac.duckdb;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.testing.AbstractPipelineRunTest;
import java.nio.file.Path;

class TestDuckDbPipelineRunOnSqlite extends AbstractPipelineRunTest {
    @Override
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults();
    }
}
