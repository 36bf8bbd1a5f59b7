package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The warehouse tables a step reads and the one it writes, as far as its settings tell: SQL text
 * (see {@link TableReferences}), targets, exported and checked tables. Ingest, wait-for and Java
 * steps show none; order them with {@code depends_on}.
 */
public record Lineage(List<TableName> reads, Optional<TableName> writes) {
    public Lineage {
        reads = List.copyOf(reads);
        requireNonNull(writes, "writes is null");
    }

    public static Lineage of(StepSettings settings) {
        return of(settings, List.of());
    }

    /** As {@link #of(StepSettings)}, resolving one-part names in SQL through {@code searchPath}. */
    public static Lineage of(StepSettings settings, List<String> searchPath) {
        if (settings instanceof SqlStep sql) {
            Set<TableName> reads = new LinkedHashSet<>();
            Optional<TableName> writes = sql.target().map(TableWrite::table);
            for (String statement : SqlScript.statements(sql.sql())) {
                TableReferences references = TableReferences.extract(statement, searchPath);
                reads.addAll(references.read());
                writes = writes.or(references::written);
            }
            return new Lineage(new ArrayList<>(reads), writes);
        }
        if (settings instanceof ExtractJdbcStep extract) {
            return new Lineage(List.of(), Optional.of(extract.target().table()));
        }
        if (settings instanceof ExportStep export) {
            return new Lineage(
                    export.table()
                            .map(List::of)
                            .orElseGet(() -> readBy(export.query().orElseThrow(), searchPath)),
                    Optional.empty());
        }
        if (settings instanceof CheckStep check) {
            Set<TableName> reads = new LinkedHashSet<>();
            check.table().ifPresent(reads::add);
            for (Check each : check.checks()) {
                if (each instanceof Check.CompareCounts compare) {
                    reads.addAll(readBy(compare.left(), searchPath));
                    reads.addAll(readBy(compare.right(), searchPath));
                } else if (each instanceof Check.FailingRows failingRows) {
                    reads.addAll(readBy(failingRows.sql(), searchPath));
                }
            }
            return new Lineage(new ArrayList<>(reads), Optional.empty());
        }
        return new Lineage(List.of(), Optional.empty());
    }

    private static List<TableName> readBy(String sql, List<String> searchPath) {
        return TableReferences.extract(sql, searchPath).read();
    }
}
