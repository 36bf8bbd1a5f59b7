package dev.almanac.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TestLocalPaths {
    @Test
    void fileLocationsAndPlainPathsAreLocalPaths() {
        assertThat(LocalPaths.toPath("file:/data/my%20tables/t/data/a.parquet"))
                .isEqualTo(Path.of("/data/my tables/t/data/a.parquet"));
        assertThat(LocalPaths.toPath("/data/t/a.parquet")).isEqualTo(Path.of("/data/t/a.parquet"));
        assertThat(LocalPaths.toLocation(Path.of("/data/t/../u/a.parquet"))).isEqualTo("file:/data/u/a.parquet");
    }

    @Test
    void remoteLocationsAreRefusedWithWhatToDoInstead() {
        assertThatThrownBy(() -> LocalPaths.toPath("s3://bucket/warehouse/raw/t/data/a.parquet"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Almanac's engines read and write local paths only (for a cluster, a folder every"
                        + " machine mounts at the same path); this table lives at"
                        + " s3://bucket/warehouse/raw/t/data/a.parquet. HDFS and S3 locations are not supported yet;"
                        + " see docs/cluster.md.")
                .extracting(error -> ((AlmanacException) error).code())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
    }
}
