package dev.almanac.core.table;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.engine.WriteResult.WrittenFile;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.parquet.ParquetUtil;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;

/**
 * Turns the Parquet files an engine wrote into Iceberg data files: column metrics read from each
 * file's footer, and the partition value taken from those metrics (never from the path).
 */
public final class WrittenFiles {
    private WrittenFiles() {}

    public static List<DataFile> toDataFiles(Table table, PartitionSpec spec, List<WrittenFile> files) {
        MetricsConfig metricsConfig = MetricsConfig.forTable(table);
        return files.stream()
                .map(file -> toDataFile(table, spec, metricsConfig, file))
                .toList();
    }

    static DataFile toDataFile(Table table, PartitionSpec spec, MetricsConfig metricsConfig, WrittenFile file) {
        String location =
                file.path().startsWith("/") ? LocalPaths.toLocation(java.nio.file.Path.of(file.path())) : file.path();
        InputFile input = table.io().newInputFile(location);
        Metrics metrics = ParquetUtil.fileMetrics(input, metricsConfig);
        if (metrics.recordCount() != file.rowCount()) {
            throw new AlmanacException(
                    ErrorCode.INTERNAL,
                    "File " + location + " holds " + metrics.recordCount() + " rows but the engine reported "
                            + file.rowCount());
        }
        DataFiles.Builder builder = DataFiles.builder(spec)
                .withPath(location)
                .withFormat(FileFormat.PARQUET)
                .withFileSizeInBytes(input.getLength())
                .withMetrics(metrics);
        if (spec.isPartitioned()) {
            builder.withPartition(partitionOf(table, spec, metrics, location));
        }
        return builder.build();
    }

    private static PartitionData partitionOf(Table table, PartitionSpec spec, Metrics metrics, String location) {
        PartitionData partition = new PartitionData(spec.partitionType());
        for (int i = 0; i < spec.fields().size(); i++) {
            PartitionField field = spec.fields().get(i);
            if (!field.transform().isIdentity()) {
                throw new AlmanacException(
                        ErrorCode.NOT_SUPPORTED, "Only identity partitions are supported; " + field + " is not");
            }
            int sourceId = field.sourceId();
            Type type = table.schema().findType(sourceId);
            Long nulls = metrics.nullValueCounts() == null
                    ? null
                    : metrics.nullValueCounts().get(sourceId);
            if (nulls != null && nulls.longValue() == metrics.recordCount()) {
                partition.set(i, null);
                continue;
            }
            ByteBuffer lower =
                    metrics.lowerBounds() == null ? null : metrics.lowerBounds().get(sourceId);
            ByteBuffer upper =
                    metrics.upperBounds() == null ? null : metrics.upperBounds().get(sourceId);
            if (lower == null || !lower.equals(upper) || (nulls != null && nulls > 0)) {
                throw new AlmanacException(
                        ErrorCode.INTERNAL,
                        "File " + location + " mixes several values of partition column "
                                + table.schema().findColumnName(sourceId));
            }
            partition.set(i, Conversions.fromByteBuffer(type, lower));
        }
        return partition;
    }
}
