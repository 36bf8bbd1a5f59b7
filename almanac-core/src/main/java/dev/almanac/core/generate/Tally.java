package dev.almanac.core.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Counts what has been written so far; files may be written by a background thread. */
final class Tally {
    private long files;
    private long records;
    private long badRecords;
    private long bytes;

    synchronized void add(Path file, long fileRecords, long fileBadRecords) {
        try {
            bytes += Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files++;
        records += fileRecords;
        badRecords += fileBadRecords;
    }

    synchronized GenerationSummary summary() {
        return new GenerationSummary(files, records, badRecords, bytes);
    }
}
