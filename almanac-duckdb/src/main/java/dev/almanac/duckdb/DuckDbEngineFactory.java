package dev.almanac.duckdb;

import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.EngineFactory;

public final class DuckDbEngineFactory implements EngineFactory {
    public static final String NAME = "duckdb";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine create(EngineContext context) {
        return DuckDbEngine.open(context);
    }
}
