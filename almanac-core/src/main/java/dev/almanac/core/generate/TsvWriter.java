package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Writes an edX database export: tab-separated, a header row, {@code NULL} for absent values, and
 * tabs and line breaks inside values replaced by spaces.
 */
final class TsvWriter implements Closeable {
    private final DelimitedWriter file;

    private TsvWriter(DelimitedWriter file) {
        this.file = file;
    }

    static TsvWriter open(Path path, List<String> header) {
        return new TsvWriter(DelimitedWriter.open(
                path, '\t', header.stream().map(TsvWriter::text).toList()));
    }

    /** One row; an empty {@link Optional} is written as NULL. */
    void row(Object... values) {
        file.row(Arrays.stream(values).map(TsvWriter::text).toList());
    }

    long rows() {
        return file.rows();
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
        file.close();
    }
}
