package dev.almanac.spi.engine;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.Field;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A SQL engine that runs queries over tables whose files the caller has already planned. The
 * engine never sees the catalog: it is given, for each table a statement reads, the table's schema
 * and the data files to read ({@link TableBinding}).
 *
 * <p>Query text is HiveQL / Spark SQL, the dialect users write pipelines in; an engine that speaks
 * another dialect translates it. Text Almanac generates for one engine's own SQL (e.g. the
 * embedded engine's file readers during ingest) starts with {@link #NATIVE_SQL_MARKER} and runs as
 * is.
 *
 * <p>An engine instance is a session: not thread-safe, closed by its owner.
 */
public interface Engine extends AutoCloseable {
    /** Leading comment marking query text written in the engine's own SQL dialect, not HiveQL. */
    String NATIVE_SQL_MARKER = "/* almanac:native-sql */";

    String name();

    /** What this engine can do beyond the contract; all capabilities unless the engine says otherwise. */
    default Set<EngineCapability> capabilities() {
        return EnumSet.allOf(EngineCapability.class);
    }

    /** Parses a query and reports the tables it reads, with the filters that restrict each read. */
    StatementAnalysis analyze(String query);

    /** The columns a query would return, without running it. */
    List<Field> describe(String query, List<TableBinding> tables);

    /** Runs a query; the caller closes the result. */
    QueryResult query(String query, List<TableBinding> tables);

    /** Runs a query and writes its result to one file. */
    void export(String query, List<TableBinding> tables, FileFormat format, Path output);

    /** Runs a query and writes its rows as Parquet data files for a table. Nothing is committed. */
    WriteResult write(String query, List<TableBinding> tables, WriteRequest request);

    /**
     * Loads rows pushed from Java into a session-local relation named {@code relation}, which later
     * statements of this session can read by that one-part name, until {@link #dropStaged}.
     * Replaces a relation of the same name. Returns the number of rows loaded.
     */
    long stage(String relation, List<Field> columns, Iterator<List<Object>> rows);

    void dropStaged(String relation);

    /**
     * Makes the text lines of local files readable as a session-local relation named {@code
     * relation} with the columns {@code (source_file STRING, line_number BIGINT, line STRING)}: one
     * row per line, numbered from 1 in file order, split on line feeds only; an empty line is NULL.
     * Gzip files are told apart by content and decompressed. Read by that one-part name until {@link
     * #dropStaged}.
     *
     * <p>The engine may read the files only when a statement reads the relation, so that reading,
     * parsing and storing what a statement keeps happen in one pass. Strict by design: a file that
     * cannot be read whole as UTF-8 lines without carriage returns (a broken compressed stream, a
     * wrong encoding, a line too long) fails this call or the first statement that reads the
     * relation, with a message naming it, so the caller can drop the relation and read such files
     * another way.
     */
    default void stageLines(String relation, List<Path> files) {
        throw new AlmanacException(
                ErrorCode.NOT_SUPPORTED, "The " + name() + " engine does not read text lines of files itself");
    }

    /**
     * Like {@link #stageLines}, except that lines which are not valid UTF-8 are left out of the
     * relation and returned, with the numbers they have in their files; every other line keeps its
     * number. For files that the strict reading refused because of a few undecodable lines: the
     * engine may read the files once before returning, to find those lines, and again when a
     * statement reads the relation. Anything else that stops a strict reading (a broken compressed
     * stream, a carriage return, a line too long) still fails, as does a file with more than {@code
     * maxUndecodable} undecodable lines.
     */
    default List<UndecodableLine> stageDecodableLines(String relation, List<Path> files, int maxUndecodable) {
        throw new AlmanacException(
                ErrorCode.NOT_SUPPORTED,
                "The " + name() + " engine does not read text lines of files while setting undecodable lines aside");
    }

    /**
     * Runs {@code query} once and keeps its rows, in the query's order, as a session-local relation
     * named {@code relation}, readable by that one-part name until {@link #dropStaged}. Replaces a
     * relation of the same name. Returns the number of rows kept.
     */
    default long stageQuery(String relation, String query) {
        throw new AlmanacException(
                ErrorCode.NOT_SUPPORTED, "The " + name() + " engine does not keep query results in its session");
    }

    /**
     * Interrupts what this session is running, called from another thread (e.g. when a pipeline
     * step runs past its timeout): the running statement fails. Does nothing when nothing runs.
     */
    void cancel();

    @Override
    void close();
}
