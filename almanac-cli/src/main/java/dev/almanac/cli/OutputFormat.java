package dev.almanac.cli;

enum OutputFormat {
    TABLE,
    CSV,
    JSON,
    PARQUET
}
