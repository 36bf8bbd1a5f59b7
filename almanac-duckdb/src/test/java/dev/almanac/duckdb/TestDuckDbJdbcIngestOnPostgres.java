package dev.almanac.duckdb;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.testing.AbstractJdbcIngestTest;
import dev.almanac.testing.TestingPostgres;
import java.nio.file.Path;
import java.util.Optional;

class TestDuckDbJdbcIngestOnPostgres extends AbstractJdbcIngestTest {
    @Override
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults()
                .withControlDatabase(TestingPostgres.newSchemaUrl(), Optional.empty(), Optional.empty());
    }
}
