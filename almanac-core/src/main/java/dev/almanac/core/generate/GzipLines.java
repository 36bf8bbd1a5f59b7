package dev.almanac.core.generate;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a gzip file of lines, mixing in corrupt lines: before each good line, a corrupt one
 * follows with probability {@code badRate}, again and again, so that about that share of all lines
 * is corrupt. The gzip header carries no time, so equal lines give equal bytes.
 */
final class GzipLines {
    private static final int BUFFER = 1 << 16;

    private GzipLines() {}

    /** Writes the file and returns the number of corrupt lines in it. */
    static long write(Path path, List<LogLine> lines, BadLines badLines, double badRate, SplittableRandom random) {
        long bad = 0;
        try {
            Files.createDirectories(path.getParent());
            try (OutputStream out =
                    new BufferedOutputStream(new GZIPOutputStream(Files.newOutputStream(path), BUFFER), BUFFER)) {
                for (LogLine line : lines) {
                    while (badRate > 0 && random.nextDouble() < badRate) {
                        out.write(badLines.next(random, line.bytes()));
                        out.write('\n');
                        bad++;
                    }
                    out.write(line.bytes());
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bad;
    }
}
