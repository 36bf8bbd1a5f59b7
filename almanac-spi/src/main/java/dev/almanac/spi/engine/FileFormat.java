package dev.almanac.spi.engine;

import java.util.Locale;

public enum FileFormat {
    CSV,
    JSON,
    PARQUET;

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }
}
