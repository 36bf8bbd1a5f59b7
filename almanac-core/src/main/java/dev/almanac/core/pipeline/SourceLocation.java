package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

/** Where something was written: a file and a 1-based line and column, shown as {@code file:line:column}. */
public record SourceLocation(String file, int line, int column) {
    public SourceLocation {
        requireNonNull(file, "file is null");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column start at 1: " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
