package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

/**
 * One rendered good line, without its line break.
 *
 * @param micros the time the line is sorted by
 * @param bytes the line's UTF-8 bytes (not copied: lines are built once and only written)
 */
record LogLine(long micros, byte[] bytes) {
    LogLine {
        requireNonNull(bytes, "bytes is null");
    }
}
