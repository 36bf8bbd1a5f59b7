package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.engine.Engine;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stages the lines of a unit's files as {@link SourceFormat#STAGED}, and keeps the format's
 * classification of them as {@link SourceFormat#CLASSIFIED} when it has one. The engine's own
 * reader goes first where the format classifies its lines and rejects empty lines itself: it
 * decompresses and reads in native code, in the same pass that parses and keeps the lines. It refuses files it cannot read
 * whole (a gzip stream that breaks off, a wrong encoding, carriage returns); those, and engines
 * without such a reader, go through {@link LineReader}, which keeps the lines before a break and
 * sets undecodable lines aside.
 */
final class LineStaging {
    private LineStaging() {}

    static Staged stage(Engine engine, SourceFormat format, LoadUnit unit) {
        List<Path> files = unit.files();
        Optional<String> classified = format.classification(unit);
        if (format.rejectsEmptyLines() && classified.isPresent()) {
            try {
                engine.stageLines(SourceFormat.STAGED, files);
                return new Staged(engine.stageQuery(SourceFormat.CLASSIFIED, classified.get()), Map.of());
            } catch (AlmanacException e) {
                // not lost: the reader below reads the same files and reports what is wrong with them, line by line
                engine.dropStaged(SourceFormat.CLASSIFIED);
                engine.dropStaged(SourceFormat.STAGED);
            }
        }
        StagedLines lines = new StagedLines(files);
        long count = engine.stage(SourceFormat.STAGED, SourceFormat.STAGED_COLUMNS, lines);
        if (classified.isPresent()) {
            count = engine.stageQuery(SourceFormat.CLASSIFIED, classified.get());
        }
        return new Staged(count, lines.readers());
    }

    /** How many lines were staged, and the reader of each file when {@link LineReader} read them. */
    record Staged(long count, Map<String, LineReader> readers) {
        Staged {
            requireNonNull(readers, "readers is null");
            readers = Collections.unmodifiableMap(new LinkedHashMap<>(readers));
        }
    }
}
