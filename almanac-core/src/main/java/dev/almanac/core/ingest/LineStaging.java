package dev.almanac.core.ingest;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.engine.Engine;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stages the lines of a unit's files as {@link SourceFormat#STAGED}. The engine's own reader goes
 * first where the format rejects empty lines itself: it decompresses and reads in native code, in
 * parallel across files. It refuses files it cannot read whole (a gzip stream that breaks off, a
 * wrong encoding, carriage returns); those, and engines without such a reader, go through
 * {@link LineReader}, which keeps the lines before a break and sets undecodable lines aside.
 */
final class LineStaging {
    private LineStaging() {}

    static Staged stage(Engine engine, SourceFormat format, List<Path> files) {
        if (format.rejectsEmptyLines()) {
            try {
                return new Staged(engine.stageLines(SourceFormat.STAGED, files), Map.of());
            } catch (AlmanacException e) {
                // not lost: the reader below reads the same files and reports what is wrong with them, line by line
            }
        }
        StagedLines lines = new StagedLines(files);
        long count = engine.stage(SourceFormat.STAGED, SourceFormat.STAGED_COLUMNS, lines);
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
