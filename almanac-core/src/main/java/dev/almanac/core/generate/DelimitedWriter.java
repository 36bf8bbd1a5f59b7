package dev.almanac.core.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A text file of rows of already-encoded fields between delimiters, under a header row. */
final class DelimitedWriter implements Closeable {
    private final BufferedWriter writer;
    private final char delimiter;
    private final int columns;
    private long rows;

    private DelimitedWriter(BufferedWriter writer, char delimiter, int columns) {
        this.writer = writer;
        this.delimiter = delimiter;
        this.columns = columns;
    }

    static DelimitedWriter open(Path path, char delimiter, List<String> header) {
        try {
            Files.createDirectories(path.getParent());
            DelimitedWriter file = new DelimitedWriter(
                    Files.newBufferedWriter(path, StandardCharsets.UTF_8), delimiter, header.size());
            file.line(header);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void row(List<String> fields) {
        if (fields.size() != columns) {
            throw new IllegalArgumentException("Expected " + columns + " values, got " + fields.size());
        }
        line(fields);
        rows++;
    }

    long rows() {
        return rows;
    }

    private void line(List<String> fields) {
        try {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    writer.write(delimiter);
                }
                writer.write(fields.get(i));
            }
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
