package dev.almanac.core.ingest;

import dev.almanac.core.catalog.TableName;
import dev.almanac.spi.engine.Engine;
import dev.almanac.spi.type.Field;
import java.util.List;
import java.util.Optional;

/**
 * Copies a live database's table, or the rows of a query run there, into a relation of an engine
 * session, streaming them in batches (the rows never sit in memory all at once). The pipeline's
 * {@code extract-jdbc} step then writes the relation to its target like any query's rows.
 */
public final class JdbcExtract {
    private JdbcExtract() {}

    /** What was copied: the relation's columns and how many rows it holds. */
    public record Staged(List<Field> columns, long rows) {
        public Staged {
            columns = List.copyOf(columns);
        }
    }

    public static Staged stage(
            Engine engine,
            String relation,
            String step,
            TableName target,
            String url,
            Optional<String> user,
            Optional<String> password,
            Optional<String> table,
            Optional<String> query) {
        JdbcSourceOptions options = new JdbcSourceOptions(
                step,
                target,
                url,
                user,
                password,
                table,
                query,
                JdbcSourceOptions.Mode.FULL,
                Optional.empty(),
                JdbcSourceOptions.DEFAULT_BATCH_ROWS);
        try (JdbcSource database = JdbcSource.open(options)) {
            List<Field> columns = database.columns();
            long rows = database.read(
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    batch -> engine.stage(relation, columns, batch));
            return new Staged(columns, rows);
        }
    }
}
