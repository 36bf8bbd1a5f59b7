package dev.almanac.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;

public record WriteResult(List<WrittenFile> files) {
    public WriteResult {
        files = List.copyOf(files);
    }

    public long rows() {
        return files.stream().mapToLong(WrittenFile::rowCount).sum();
    }

    public long bytes() {
        return files.stream().mapToLong(WrittenFile::sizeBytes).sum();
    }

    /**
     * A data file the engine wrote. Each file holds rows of one partition; the committer reads the
     * partition value from the file's own column statistics, never from its path.
     */
    public record WrittenFile(String path, long sizeBytes, long rowCount) {
        public WrittenFile {
            requireNonNull(path, "path is null");
        }
    }
}
