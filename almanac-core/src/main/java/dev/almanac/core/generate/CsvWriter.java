package dev.almanac.core.generate;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.List;

/** Writes RFC 4180 CSV: values with commas, quotes or line breaks are quoted, quotes doubled. */
final class CsvWriter implements Closeable {
    private final DelimitedWriter file;

    private CsvWriter(DelimitedWriter file) {
        this.file = file;
    }

    static CsvWriter open(Path path, List<String> header) {
        return new CsvWriter(DelimitedWriter.open(
                path, ',', header.stream().map(CsvWriter::quoted).toList()));
    }

    void row(List<String> values) {
        file.row(values.stream().map(CsvWriter::quoted).toList());
    }

    long rows() {
        return file.rows();
    }

    static String quoted(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        file.close();
    }
}
