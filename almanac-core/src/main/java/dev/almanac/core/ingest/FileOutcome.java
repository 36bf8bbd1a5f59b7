package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** What happened to one source file in a run. */
public record FileOutcome(String path, Action action, long bytes, long rows, long quarantined, Optional<String> note) {
    public FileOutcome {
        requireNonNull(path, "path is null");
        requireNonNull(action, "action is null");
        requireNonNull(note, "note is null");
    }

    public enum Action {
        /** New: loaded for the first time. */
        LOADED,
        /** Changed since its last load: its earlier rows were replaced. */
        REPLACED,
        /** Failed as a whole; retried next run. */
        FAILED,
        /** Would be loaded (dry run). */
        PENDING
    }
}
