package dev.almanac.spi.engine;

/** Found through {@link java.util.ServiceLoader}; one per engine implementation. */
public interface EngineFactory {
    /** The name users choose the engine by, e.g. {@code duckdb}. */
    String name();

    Engine create(EngineContext context);
}
