package dev.almanac.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/** Small hand-made tracking log files for ingest tests. */
public final class TrackingLogs {
    private TrackingLogs() {}

    /** A server event line at {@code time} by {@code username} in {@code course}. */
    public static String event(String username, String course, Instant time) {
        return String.format(
                Locale.ROOT,
                "{\"username\": \"%s\", \"event_type\": \"problem_check\", \"time\": \"%s\", \"event_source\": \"server\","
                        + " \"context\": {\"course_id\": \"%s\", \"user_id\": 7}, \"event\": {\"grade\": 1, \"max_grade\": 2}}",
                username,
                time.toString().replace("Z", "+00:00"),
                course);
    }

    public static void writePlain(Path file, List<String> lines) {
        write(file, String.join("\n", lines).getBytes(UTF_8), false);
    }

    public static void writeGzip(Path file, List<String> lines) {
        write(file, String.join("\n", lines).getBytes(UTF_8), true);
    }

    /** A gzip file cut off {@code keepFraction} of the way through its compressed bytes. */
    public static void writeTruncatedGzip(Path file, List<String> lines, double keepFraction) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (OutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(String.join("\n", lines).getBytes(UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] bytes = compressed.toByteArray();
        byte[] truncated = java.util.Arrays.copyOf(bytes, (int) (bytes.length * keepFraction));
        write(file, truncated, false);
    }

    private static void write(Path file, byte[] content, boolean gzip) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream output =
                    gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
                output.write(content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
