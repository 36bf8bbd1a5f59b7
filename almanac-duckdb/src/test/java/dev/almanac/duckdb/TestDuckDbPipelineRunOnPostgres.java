package dev.almanac.duckdb;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.testing.AbstractPipelineRunTest;
import dev.almanac.testing.TestingPostgres;
import java.nio.file.Path;
import java.util.Optional;

class TestDuckDbPipelineRunOnPostgres extends AbstractPipelineRunTest {
    @Override
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults()
                .withControlDatabase(TestingPostgres.newSchemaUrl(), Optional.empty(), Optional.empty());
    }
}
