package dev.almanac.spark.driver;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** A table's planned Parquet files as a DataFrame with the table's schema, columns matched by field id. */
final class TableFiles {
    private TableFiles() {}

    static Dataset<Row> read(SparkSession spark, StructType schema, List<String> files) {
        if (files.isEmpty()) {
            return spark.createDataFrame(List.of(), schema);
        }
        return spark.read().schema(schema).parquet(files.toArray(new String[0]));
    }
}
