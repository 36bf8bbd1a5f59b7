package dev.almanac.core.engine;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.EngineFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/** Finds engine implementations on the class path. */
public final class Engines {
    /**
     * The engine that lands raw files ({@code almanac ingest} and ingest steps), whichever engine
     * runs the pipeline: landing parses, classifies and quarantines records with the embedded
     * engine's own SQL, on the machine where the files are.
     */
    public static final String LANDING = "duckdb";

    private Engines() {}

    /** A new session of the {@link #LANDING} engine, spilling to {@code temporaryDirectory}. */
    public static Engine landing(Path temporaryDirectory) {
        return create(LANDING, new EngineContext(temporaryDirectory, Map.of()));
    }

    public static List<String> available() {
        return ServiceLoader.load(EngineFactory.class).stream()
                .map(provider -> provider.get().name())
                .sorted()
                .toList();
    }

    public static Engine create(String name, EngineContext context) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (EngineFactory factory : ServiceLoader.load(EngineFactory.class)) {
            if (factory.name().equals(wanted)) {
                return factory.create(context);
            }
        }
        throw unknown(name);
    }

    /** Fails as {@link #create} would when no engine is called {@code name}, without creating one. */
    public static void requireAvailable(String name) {
        if (!available().contains(name.toLowerCase(Locale.ROOT))) {
            throw unknown(name);
        }
    }

    private static AlmanacException unknown(String name) {
        return new AlmanacException(
                ErrorCode.INVALID_ARGUMENT,
                "Unknown engine '" + name + "'; available: " + String.join(", ", available()));
    }
}
