package dev.almanac.spark.driver;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes a query's rows as table data files: every column cast to the table's exact type and
 * carrying its field id, partition columns kept inside the files (the committer reads partition
 * values from column statistics), one file per partition value and task, uniquely named, in one
 * folder per partition value. Spark writes into a staging folder first; the finished files are
 * then moved into place and the staging folder removed.
 */
final class DataFileWriter {
    private static final String PARTITION_PREFIX = "__almanac_partition_";

    private DataFileWriter() {}

    static ArrayNode write(
            SparkSession spark,
            Dataset<Row> query,
            Path directory,
            StructType columns,
            List<String> partitionColumns,
            Map<String, String> staticValues) {
        Dataset<Row> typed = typed(query, columns, staticValues);
        Path staging = directory.resolve(".spark-staging-" + UUID.randomUUID());
        if (partitionColumns.isEmpty()) {
            typed.write().parquet(staging.toString());
        } else {
            List<Column> hidden = new ArrayList<>();
            List<String> hiddenNames = new ArrayList<>();
            for (int i = 0; i < partitionColumns.size(); i++) {
                String name = PARTITION_PREFIX + i;
                typed = typed.withColumn(name, col(quoted(partitionColumns.get(i))));
                hidden.add(col(name));
                hiddenNames.add(name);
            }
            typed.repartition(hidden.toArray(new Column[0]))
                    .write()
                    .partitionBy(hiddenNames.toArray(new String[0]))
                    .parquet(staging.toString());
        }
        try {
            return moveIntoPlace(spark.sparkContext().hadoopConfiguration(), staging, directory, partitionColumns);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The query's columns by position, cast to the table's types, with static partition values filled in. */
    static Dataset<Row> typed(Dataset<Row> query, StructType columns, Map<String, String> staticValues) {
        List<StructField> queryColumns = new ArrayList<>();
        for (StructField column : columns.fields()) {
            if (!staticValues.containsKey(column.name())) {
                queryColumns.add(column);
            }
        }
        String[] produced = query.columns();
        if (produced.length != queryColumns.size()) {
            throw new DriverException(
                    "COLUMN_COUNT_MISMATCH",
                    "The table expects " + queryColumns.size() + " columns from the query "
                            + queryColumns.stream().map(StructField::name).toList() + " but it returns "
                            + produced.length + " " + List.of(produced));
        }
        String[] positional = new String[produced.length];
        for (int i = 0; i < positional.length; i++) {
            positional[i] = "__almanac_c" + i;
        }
        Dataset<Row> renamed = query.toDF(positional);
        List<Column> projection = new ArrayList<>();
        int position = 0;
        for (StructField column : columns.fields()) {
            Column value = staticValues.containsKey(column.name())
                    ? lit(staticValues.get(column.name()))
                    : col(positional[position++]);
            projection.add(value.cast(column.dataType()).as(column.name(), column.metadata()));
        }
        return renamed.select(projection.toArray(new Column[0]));
    }

    private static ArrayNode moveIntoPlace(
            Configuration configuration, Path staging, Path directory, List<String> partitionColumns)
            throws IOException {
        List<Path> written;
        try (Stream<Path> files = Files.walk(staging)) {
            written = files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".parquet"))
                    .filter(file -> !file.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
        ArrayNode result = RequestHandler.array();
        for (Path file : written) {
            long rows = rowCount(configuration, file);
            if (rows == 0) {
                continue;
            }
            Path folder = directory;
            Path relative = staging.relativize(file.getParent());
            for (Path segment : relative) {
                String name = segment.toString();
                for (int i = 0; i < partitionColumns.size(); i++) {
                    String prefix = PARTITION_PREFIX + i + "=";
                    if (name.startsWith(prefix)) {
                        name = partitionColumns.get(i) + "=" + name.substring(prefix.length());
                    }
                }
                folder = folder.resolve(name);
            }
            Files.createDirectories(folder);
            Path target = folder.resolve("data-" + UUID.randomUUID() + ".parquet");
            Files.move(file, target);
            ObjectNode entry = result.addObject();
            entry.put("path", target.toString());
            entry.put("size", Files.size(target));
            entry.put("rows", rows);
        }
        deleteTree(staging);
        return result;
    }

    private static long rowCount(Configuration configuration, Path file) throws IOException {
        try (ParquetFileReader reader = ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), configuration))) {
            return reader.getRecordCount();
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static String quoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
