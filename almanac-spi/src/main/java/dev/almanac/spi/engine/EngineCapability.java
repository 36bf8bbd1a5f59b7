package dev.almanac.spi.engine;

/**
 * What an engine can do beyond the contract every engine meets. Engines have all of them unless
 * they say otherwise ({@link Engine#capabilities()}); the contract suites skip, and report, the
 * cases an engine lacks a capability for.
 */
public enum EngineCapability {
    NESTED_FIELD_IDS("Parquet field ids on list elements and map keys and values of the data files it writes"
            + " (top-level and struct fields carry them in any case)"),
    HLL_SKETCH_FUNCTIONS("the SQL aggregates hll_sketch_agg(value, lgConfigK) and hll_union_agg(sketch,"
            + " allowDifferentLgConfigK) and the function hll_sketch_estimate(sketch), over sketches in Apache"
            + " DataSketches' HLL format, so that window aggregates build and merge their sketches in the engine");

    private final String description;

    EngineCapability(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
