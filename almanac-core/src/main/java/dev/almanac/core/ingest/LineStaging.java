package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.engine.UndecodableLine;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Stages the lines of a unit's files as {@link SourceFormat#STAGED}, and keeps the format's
 * classification of them as {@link SourceFormat#CLASSIFIED} when it has one. The engine's own
 * reader goes first where the format classifies its lines and rejects empty lines itself: it
 * decompresses and reads in native code, in the same pass that parses and keeps the lines. A file
 * it refuses is read by it again with its lines that are not UTF-8 set aside (a file with a few
 * bad bytes stays in native code). Files it still cannot read whole (a gzip stream that breaks
 * off, carriage returns, too many undecodable lines), and engines without such a reader, go
 * through {@link LineReader}, which keeps the lines before a break and sets undecodable lines
 * aside.
 */
final class LineStaging {
    /** Files with more undecodable lines than this are read by {@link LineReader}. */
    static final int MAX_UNDECODABLE_LINES = 10_000;

    private LineStaging() {}

    static Staged stage(Engine engine, SourceFormat format, LoadUnit unit) {
        List<Path> files = unit.files();
        Optional<String> classified = format.classification(unit);
        if (format.rejectsEmptyLines() && classified.isPresent()) {
            Optional<Staged> strict = byEngine(engine, classified.get(), () -> {
                engine.stageLines(SourceFormat.STAGED, files);
                return List.of();
            });
            if (strict.isPresent()) {
                return strict.get();
            }
            Optional<Staged> decodable = byEngine(
                    engine,
                    classified.get(),
                    () -> engine.stageDecodableLines(SourceFormat.STAGED, files, MAX_UNDECODABLE_LINES));
            if (decodable.isPresent()) {
                return decodable.get();
            }
        }
        StagedLines lines = new StagedLines(files);
        long count = engine.stage(SourceFormat.STAGED, SourceFormat.STAGED_COLUMNS, lines);
        if (classified.isPresent()) {
            count = engine.stageQuery(SourceFormat.CLASSIFIED, classified.get());
        }
        return new Staged(count, lines.readers(), List.of());
    }

    /** Stages with the engine's reader and classifies; empty when the engine refuses the files. */
    private static Optional<Staged> byEngine(
            Engine engine, String classification, Supplier<List<UndecodableLine>> stageLines) {
        try {
            List<UndecodableLine> undecodable = stageLines.get();
            return Optional.of(
                    new Staged(engine.stageQuery(SourceFormat.CLASSIFIED, classification), Map.of(), undecodable));
        } catch (AlmanacException e) {
            // not lost: the next reader reads the same files; the last one reports each bad line
            engine.dropStaged(SourceFormat.CLASSIFIED);
            engine.dropStaged(SourceFormat.STAGED);
            return Optional.empty();
        }
    }

    /**
     * How many lines were staged, the reader of each file when {@link LineReader} read them, and the
     * lines the engine's reader set aside because they are not UTF-8.
     */
    record Staged(long count, Map<String, LineReader> readers, List<UndecodableLine> undecodable) {
        Staged {
            requireNonNull(readers, "readers is null");
            readers = Collections.unmodifiableMap(new LinkedHashMap<>(readers));
            undecodable = List.copyOf(undecodable);
        }
    }
}
