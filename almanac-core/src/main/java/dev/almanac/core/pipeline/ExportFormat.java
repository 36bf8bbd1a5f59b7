package dev.almanac.core.pipeline;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** File formats an export writes. */
public enum ExportFormat {
    CSV,
    JSON,
    PARQUET;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ExportFormat> of(String configName) {
        return Arrays.stream(values())
                .filter(format -> format.configName().equals(configName))
                .findFirst();
    }

    public static String names() {
        return Arrays.stream(values()).map(ExportFormat::configName).collect(Collectors.joining(", "));
    }
}
