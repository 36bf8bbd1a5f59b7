package dev.almanac.core.ingest;

/** Hears how an ingest run progresses; the CLI draws a progress bar or prints log lines. */
public interface IngestListener {
    IngestListener NONE = new IngestListener() {};

    default void sourceStarted(String source, int files, long bytes) {}

    default void fileStarted(String source, String path, long bytes) {}

    default void fileFinished(String source, FileOutcome outcome) {}

    default void sourceSkipped(String source, String reason) {}
}
