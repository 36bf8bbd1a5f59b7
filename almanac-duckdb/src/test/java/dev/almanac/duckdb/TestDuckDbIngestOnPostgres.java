package dev.almanac.duckdb;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.testing.AbstractIngestTest;
import dev.almanac.testing.TestingPostgres;
import java.nio.file.Path;
import java.util.Optional;

class TestDuckDbIngestOnPostgres extends AbstractIngestTest {
    @Override
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults()
                .withControlDatabase(TestingPostgres.newSchemaUrl(), Optional.empty(), Optional.empty());
    }
}
