package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes an edX database export: tab-separated, a header row, {@code NULL} for absent values, and
 * tabs and line breaks inside values replaced by spaces.
 */
final class TsvWriter implements Closeable {
    private final BufferedWriter writer;
    private final int columns;
    private long rows;

    private TsvWriter(BufferedWriter writer, int columns) {
        this.writer = writer;
        this.columns = columns;
    }

    static TsvWriter open(Path path, List<String> header) {
        try {
            Files.createDirectories(path.getParent());
            TsvWriter tsv = new TsvWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8), header.size());
            tsv.line(header.toArray());
            return tsv;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One row; an empty {@link Optional} is written as NULL. */
    void row(Object... values) {
        if (values.length != columns) {
            throw new IllegalArgumentException("Expected " + columns + " values, got " + values.length);
        }
        line(values);
        rows++;
    }

    long rows() {
        return rows;
    }

    private void line(Object[] values) {
        try {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    writer.write('\t');
                }
                writer.write(text(values[i]));
            }
            writer.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Object value) {
        requireNonNull(value, "value is null; use Optional.empty() for NULL");
        if (value instanceof Optional<?> optional) {
            return optional.isPresent() ? text(optional.get()) : "NULL";
        }
        return value.toString().replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
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
