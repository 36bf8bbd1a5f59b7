package dev.almanac.core.pipeline;

import dev.almanac.core.catalog.TableName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The warehouse tables a step reads and those it writes, as far as its settings tell: SQL text
 * (see {@link TableReferences}), targets, exported and checked tables; a window step writes its
 * output and its per-day partial states. Ingest, wait-for and Java steps show none; order them
 * with {@code depends_on}.
 */
public record Lineage(List<TableName> reads, List<TableName> writes) {
    public Lineage {
        reads = List.copyOf(reads);
        writes = List.copyOf(writes);
    }

    private Lineage(List<TableName> reads, Optional<TableName> writes) {
        this(reads, writes.stream().toList());
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
        if (settings instanceof WindowAggregateStep window) {
            return new Lineage(
                    List.of(window.aggregate().source()),
                    List.of(window.aggregate().target(), window.aggregate().dailyTable()));
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
