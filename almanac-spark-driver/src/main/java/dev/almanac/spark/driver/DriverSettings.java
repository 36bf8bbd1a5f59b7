package dev.almanac.spark.driver;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Spark settings the driver starts with: fixed ones that the engine relies on, defaults where
 * neither {@code spark-submit} (which passes its settings as {@code spark.*} system properties) nor
 * the arguments give a value, then the arguments.
 */
final class DriverSettings {
    private DriverSettings() {}

    static Map<String, String> parse(String[] args, Properties systemProperties) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("Expected key=value, got " + arg);
            }
            given.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        String master = given.getOrDefault("spark.master", systemProperties.getProperty("spark.master", "local[*]"));
        settings.put("spark.master", master);
        settings.put("spark.ui.enabled", "false");
        if (master.equals("local") || master.startsWith("local[")) {
            // a local driver talks to its executors over loopback only; a cluster's executors call back
            settings.put("spark.driver.bindAddress", "127.0.0.1");
            settings.put("spark.driver.host", "127.0.0.1");
        }
        settings.put("spark.sql.session.timeZone", "UTC");
        settings.put("spark.sql.datetime.java8API.enabled", "true");
        settings.put("spark.sql.parquet.fieldId.read.enabled", "true");
        settings.put("spark.sql.parquet.fieldId.write.enabled", "true");
        settings.put("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        settings.put("spark.sql.parquet.compression.codec", "zstd");
        // Hive semantics, as the pipelines are written: "x" is a string, a bad CAST gives NULL
        settings.put("spark.sql.ansi.enabled", "false");
        // TIMESTAMP means a timestamp without time zone, as in Hive (and DuckDB)
        settings.put("spark.sql.timestampType", "TIMESTAMP_NTZ");
        for (String key : systemProperties.stringPropertyNames()) {
            if (key.startsWith("spark.") && !key.equals("spark.master")) {
                settings.put(key, systemProperties.getProperty(key));
            }
        }
        settings.putAll(given);
        return settings;
    }
}
