package dev.almanac.spark.driver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Writes a query's result as one CSV (with a header), JSON-lines or Parquet file. */
final class FileExport {
    private FileExport() {}

    static void export(Dataset<Row> result, String format, Path output) {
        Path staging =
                output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".spark-" + UUID.randomUUID());
        DataFrameWriter<Row> writer = result.coalesce(1).write();
        String extension;
        switch (format.toUpperCase(Locale.ROOT)) {
            case "CSV" -> {
                writer.option("header", "true").csv(staging.toString());
                extension = ".csv";
            }
            case "JSON" -> {
                writer.option("ignoreNullFields", "false").json(staging.toString());
                extension = ".json";
            }
            case "PARQUET" -> {
                writer.parquet(staging.toString());
                extension = ".parquet";
            }
            default -> throw new DriverException("UNSUPPORTED_FORMAT", "Cannot export as " + format);
        }
        try {
            List<Path> parts;
            try (Stream<Path> files = Files.list(staging)) {
                parts = files.filter(file -> file.getFileName().toString().startsWith("part-"))
                        .filter(file -> file.getFileName().toString().endsWith(extension))
                        .toList();
            }
            if (parts.size() > 1) {
                throw new DriverException(
                        "EXPORT_FAILED", "Expected one file from the export but Spark wrote " + parts.size());
            }
            if (parts.isEmpty()) {
                Files.write(output, new byte[0]);
            } else {
                Files.move(parts.get(0), output, StandardCopyOption.REPLACE_EXISTING);
            }
            DataFileWriter.deleteTree(staging);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
