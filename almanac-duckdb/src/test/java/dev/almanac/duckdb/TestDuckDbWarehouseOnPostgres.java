package dev.almanac.duckdb;

import dev.almanac.core.warehouse.WarehouseConfig;
import dev.almanac.testing.AbstractWarehouseTest;
import dev.almanac.testing.TestingPostgres;
import java.nio.file.Path;
import java.util.Optional;

class TestDuckDbWarehouseOnPostgres extends AbstractWarehouseTest {
    @Override
    protected WarehouseConfig config(Path directory) {
        return WarehouseConfig.defaults()
                .withControlDatabase(TestingPostgres.newSchemaUrl(), Optional.empty(), Optional.empty());
    }
}
