package dev.almanac.core.generate;

/**
 * What a generator wrote.
 *
 * @param files files written
 * @param records good records: log lines, table rows and survey answers, not header rows
 * @param badRecords corrupt lines written on purpose
 * @param bytes the size of the written files on disk
 */
public record GenerationSummary(long files, long records, long badRecords, long bytes) {
    public GenerationSummary {
        if (files < 0 || records < 0 || badRecords < 0 || bytes < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
