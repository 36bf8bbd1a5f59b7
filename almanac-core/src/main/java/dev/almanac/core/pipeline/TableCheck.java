package dev.almanac.core.pipeline;

import dev.almanac.core.catalog.TableName;
import dev.almanac.core.warehouse.SourceConfig;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Checks a pipeline's table references against a warehouse: every table a step reads (by its
 * namespace-qualified name) must be written by a step of the pipeline, exist in the warehouse, or be
 * landed by an ingest step upstream of the reader (in the namespace its source lands in). An unknown
 * table is an error naming the step and where it is written.
 */
public final class TableCheck {
    private TableCheck() {}

    public static void check(PipelineGraph graph, Predicate<TableName> exists, List<SourceConfig> sources) {
        Pipeline pipeline = graph.pipeline();
        Set<TableName> written = new HashSet<>();
        for (Step step : pipeline.steps()) {
            written.addAll(Lineage.of(step.settings(), pipeline.searchPath()).writes());
        }
        Map<String, SourceConfig> byName =
                sources.stream().collect(Collectors.toMap(SourceConfig::name, source -> source));
        for (Step step : graph.order()) {
            Set<String> landed = landedNamespaces(graph, step, byName);
            for (TableName table : Lineage.of(step.settings()).reads()) {
                if (!written.contains(table)
                        && !landed.contains(String.join(".", table.namespace()))
                        && !exists.test(table)) {
                    throw new AlmanacException(
                            ErrorCode.TABLE_NOT_FOUND,
                            "Step '" + step.name() + "' reads " + table + ", which no step of " + pipeline.name()
                                    + " writes and the warehouse does not have (" + step.location() + ")");
                }
            }
        }
    }

    /** The namespaces the ingest steps upstream of {@code step} land tables in. */
    private static Set<String> landedNamespaces(PipelineGraph graph, Step step, Map<String, SourceConfig> sources) {
        Set<String> namespaces = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(graph.upstream(step.name()));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!seen.add(name)) {
                continue;
            }
            pending.addAll(graph.upstream(name));
            Step upstream = graph.pipeline().step(name).orElseThrow();
            if (upstream.settings() instanceof IngestStep ingest) {
                for (String source : ingest.sources()) {
                    SourceConfig config = sources.get(source);
                    if (config != null) {
                        namespaces.add(config.table()
                                .map(table ->
                                        String.join(".", TableName.parse(table).namespace()))
                                .orElseGet(() -> config.option("namespace").orElse("raw")));
                    }
                }
            }
        }
        return namespaces;
    }
}
