package dev.almanac.core.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes RFC 4180 CSV: values with commas, quotes or line breaks are quoted, quotes doubled. */
final class CsvWriter implements Closeable {
    private final BufferedWriter writer;
    private final int columns;
    private long rows;

    private CsvWriter(BufferedWriter writer, int columns) {
        this.writer = writer;
        this.columns = columns;
    }

    static CsvWriter open(Path path, List<String> header) {
        try {
            Files.createDirectories(path.getParent());
            CsvWriter csv = new CsvWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), header.size());
            csv.line(header);
            return csv;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void row(List<String> values) {
        if (values.size() != columns) {
            throw new IllegalArgumentException("Expected " + columns + " values, got " + values.size());
        }
        line(values);
        rows++;
    }

    long rows() {
        return rows;
    }

    private void line(List<String> values) {
        try {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    writer.write(',');
                }
                writer.write(quoted(values.get(i)));
            }
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quoted(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
