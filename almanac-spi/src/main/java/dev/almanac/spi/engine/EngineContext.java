package dev.almanac.spi.engine;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/** What an engine needs to know about the warehouse it serves. */
public record EngineContext(Path temporaryDirectory, Map<String, String> properties) {
    public EngineContext {
        requireNonNull(temporaryDirectory, "temporaryDirectory is null");
        properties = Map.copyOf(properties);
    }
}
