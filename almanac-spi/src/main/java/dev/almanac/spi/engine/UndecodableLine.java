package dev.almanac.spi.engine;

import static java.util.Objects.requireNonNull;

/**
 * A line that is not valid UTF-8, set aside by {@link Engine#stageDecodableLines}: its file, its
 * number in the file (from 1) and its text with the bytes that could not be decoded replaced (by
 * what, the engine decides), so the line can be quarantined with what it still says.
 */
public record UndecodableLine(String file, long number, String text) {
    public UndecodableLine {
        requireNonNull(file, "file is null");
        requireNonNull(text, "text is null");
        if (number < 1) {
            throw new IllegalArgumentException("line numbers start at 1, not " + number);
        }
    }
}
