package dev.almanac.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.testing.QueryRows;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestBlockPool {
    @TempDir
    Path temporary;

    @Test
    void readsTheSizesDuckDbPrints() {
        assertThat(BlockPool.bytes("134217728B")).contains(134_217_728L);
        assertThat(BlockPool.bytes("0 bytes")).contains(0L);
        assertThat(BlockPool.bytes("1.5 GiB")).contains(1_610_612_736L);
        assertThat(BlockPool.bytes("512.0 MiB")).contains(536_870_912L);
        assertThat(BlockPool.bytes("2GB")).contains(2_000_000_000L);
        assertThat(BlockPool.bytes("unlimited")).isEqualTo(Optional.empty());
        assertThat(BlockPool.bytes("12 parsecs")).isEqualTo(Optional.empty());
        assertThat(BlockPool.bytes(null)).isEqualTo(Optional.empty());
    }

    @Test
    void aSessionReservesItsMemoryLimitForBlocks() {
        try (DuckDbEngine engine =
                DuckDbEngine.open(new EngineContext(temporary, Map.of("duckdb.memory_limit", "3GiB")))) {
            assertThat(setting(engine, "block_allocator_memory")).isEqualTo("3.0 GiB");
            assertThat(QueryRows.all(engine.query(nativeSql("SELECT sum(x) FROM range(1000000) AS r(x)"), List.of())))
                    .containsExactly(List.of(499_999_500_000L));
        }
    }

    @Test
    void thePropertyReplacesThePoolSizeOrTurnsItOff() {
        try (DuckDbEngine engine =
                DuckDbEngine.open(new EngineContext(temporary, Map.of("duckdb.block_allocator_memory", "0B")))) {
            assertThat(setting(engine, "block_allocator_memory")).isEqualTo("0 bytes");
        }
        try (DuckDbEngine engine =
                DuckDbEngine.open(new EngineContext(temporary, Map.of("duckdb.block_allocator_memory", "1GiB")))) {
            assertThat(setting(engine, "block_allocator_memory")).isEqualTo("1.0 GiB");
        }
    }

    private static String setting(DuckDbEngine engine, String name) {
        return (String) QueryRows.all(engine.query(nativeSql("SELECT current_setting('" + name + "')"), List.of()))
                .get(0)
                .get(0);
    }

    private static String nativeSql(String query) {
        return Engine.NATIVE_SQL_MARKER + "\n" + query;
    }
}
