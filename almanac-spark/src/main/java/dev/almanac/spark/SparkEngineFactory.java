package dev.almanac.spark;

import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.EngineContext;
import dev.almanac.spi.engine.EngineFactory;

public final class SparkEngineFactory implements EngineFactory {
    public static final String NAME = "spark";

    @Override
    public String name() {
        return NAME;
    }

    /** Starts a Spark driver of the engine's own; closing the engine stops it. */
    @Override
    public Engine create(EngineContext context) {
        SparkDriver driver = SparkDriver.start(
                SparkInstallation.locate(context.properties()),
                DriverOptions.fromProperties(context.properties()),
                context.temporaryDirectory());
        return SparkEngine.owning(driver);
    }
}
