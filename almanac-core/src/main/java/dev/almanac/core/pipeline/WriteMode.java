package dev.almanac.core.pipeline;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a step's rows go into its target table. */
public enum WriteMode {
    /** The rows become the whole table. */
    REPLACE("replace"),
    /** The rows replace the partitions of the run's dates, and only those. */
    PARTITION("partition"),
    /** The rows are added. */
    APPEND("append"),
    /** Rows whose key columns match an existing row replace it; the others are added. */
    MERGE("merge");

    private final String configName;

    WriteMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<WriteMode> of(String configName) {
        return Arrays.stream(values())
                .filter(mode -> mode.configName.equals(configName))
                .findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(WriteMode::configName).collect(Collectors.joining(", "));
    }
}
