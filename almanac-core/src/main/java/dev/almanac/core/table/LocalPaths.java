package dev.almanac.core.table;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.net.URI;
import java.nio.file.Path;

/** Converts between Iceberg file locations ({@code file:/…}) and local paths, which DuckDB reads. */
public final class LocalPaths {
    private LocalPaths() {}

    public static Path toPath(String location) {
        if (location.startsWith("/")) {
            return Path.of(location);
        }
        if (location.startsWith("file:")) {
            String path = URI.create(location.replace(" ", "%20")).getPath();
            return Path.of(path);
        }
        throw new AlmanacException(
                ErrorCode.NOT_SUPPORTED,
                "The embedded engine reads local files only; this table lives at " + location
                        + ". Use an engine that reads it (e.g. --engine spark) or a local data folder.");
    }

    public static String toLocation(Path path) {
        return "file:" + path.toAbsolutePath().normalize();
    }
}
