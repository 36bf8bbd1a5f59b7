package dev.almanac.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

/** Reads what an engine wrote into a Parquet file's footer, independently of any engine. */
public final class ParquetFooters {
    private ParquetFooters() {}

    public static MessageType schema(Path file) {
        try (ParquetFileReader reader = ParquetFileReader.open(
                HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            return reader.getFileMetaData().getSchema();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
