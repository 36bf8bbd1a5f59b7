package dev.almanac.core.table;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.net.URI;
import java.nio.file.Path;

/** Converts between Iceberg file locations ({@code file:/…}) and local paths, which the engines read. */
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
                "Almanac's engines read and write local paths only (for a cluster, a folder every machine"
                        + " mounts at the same path); this table lives at " + location
                        + ". HDFS and S3 locations are not supported yet; see docs/cluster.md.");
    }

    public static String toLocation(Path path) {
        return "file:" + path.toAbsolutePath().normalize();
    }
}
