package dev.almanac.spi.engine;

/**
 * What an engine can do beyond the contract every engine meets. Engines have all of them unless
 * they say otherwise ({@link Engine#capabilities()}); the contract suites skip, and report, the
 * cases an engine lacks a capability for.
 */
public enum EngineCapability {
    NESTED_FIELD_IDS("Parquet field ids on list elements and map keys and values of the data files it writes"
            + " (top-level and struct fields carry them in any case)");

    private final String description;

    EngineCapability(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
