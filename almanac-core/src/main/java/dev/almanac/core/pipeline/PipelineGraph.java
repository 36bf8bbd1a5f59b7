package dev.almanac.core.pipeline;

import static java.util.Objects.requireNonNull;

import dev.almanac.core.catalog.TableName;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * A pipeline's steps as a checked dependency graph. A step depends on the steps in its
 * {@code depends_on} and on the step of the pipeline that writes a table it reads (see
 * {@link Lineage}). Building the graph fails, naming file, line and column, on a {@code depends_on}
 * naming no step, two steps writing one table, and a dependency cycle.
 */
public final class PipelineGraph {
    private final Pipeline pipeline;
    private final List<Edge> edges;
    private final List<Step> order;

    /**
     * {@code downstream} runs after {@code upstream}: because it says so ({@code declared}), because
     * it reads {@code tables} that {@code upstream} writes, or both.
     */
    public record Edge(String upstream, String downstream, boolean declared, List<TableName> tables) {
        public Edge {
            requireNonNull(upstream, "upstream is null");
            requireNonNull(downstream, "downstream is null");
            tables = List.copyOf(tables);
            if (!declared && tables.isEmpty()) {
                throw new IllegalArgumentException("an edge is declared or has tables");
            }
        }
    }

    private PipelineGraph(Pipeline pipeline, List<Edge> edges, List<Step> order) {
        this.pipeline = pipeline;
        this.edges = List.copyOf(edges);
        this.order = List.copyOf(order);
    }

    public static PipelineGraph of(Pipeline pipeline) {
        requireNonNull(pipeline, "pipeline is null");
        List<Step> steps = pipeline.steps();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            index.put(steps.get(i).name(), i);
        }
        // per downstream step, its upstream steps by file position
        List<TreeMap<Integer, EdgeParts>> upstream = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            TreeMap<Integer, EdgeParts> parts = new TreeMap<>();
            for (StepReference reference : step.dependsOn()) {
                Integer target = index.get(reference.name());
                if (target == null) {
                    throw error(
                            "Step '" + step.name() + "' depends on unknown step '" + reference.name() + "'",
                            reference.location());
                }
                if (target == i) {
                    throw error(
                            "Step '" + step.name() + "' depends on itself: remove '" + step.name()
                                    + "' from its depends_on",
                            reference.location());
                }
                parts.computeIfAbsent(target, ignored -> new EdgeParts()).declared = true;
            }
            upstream.add(parts);
        }
        addLineage(steps, index, upstream, pipeline.searchPath());

        List<Edge> edges = new ArrayList<>();
        for (int downstream = 0; downstream < steps.size(); downstream++) {
            for (Map.Entry<Integer, EdgeParts> entry : upstream.get(downstream).entrySet()) {
                EdgeParts parts = entry.getValue();
                edges.add(new Edge(
                        steps.get(entry.getKey()).name(),
                        steps.get(downstream).name(),
                        parts.declared,
                        new ArrayList<>(parts.tables)));
            }
        }
        return new PipelineGraph(pipeline, edges, order(steps, upstream));
    }

    private static void addLineage(
            List<Step> steps,
            Map<String, Integer> index,
            List<TreeMap<Integer, EdgeParts>> upstream,
            List<String> searchPath) {
        Map<TableName, Step> writers = new LinkedHashMap<>();
        List<Lineage> lineages = new ArrayList<>();
        for (Step step : steps) {
            Lineage lineage = Lineage.of(step.settings(), searchPath);
            lineages.add(lineage);
            for (TableName written : lineage.writes()) {
                Step other = writers.putIfAbsent(written, step);
                if (other != null) {
                    throw error(
                            "Steps '" + other.name() + "' and '" + step.name() + "' both write " + written
                                    + ": a table has one writer in a pipeline, so write it in one step or split it into two tables",
                            step.location());
                }
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            for (TableName table : lineages.get(i).reads()) {
                Step writer = writers.get(table);
                if (writer != null && writer != steps.get(i)) {
                    upstream.get(i)
                            .computeIfAbsent(index.get(writer.name()), ignored -> new EdgeParts())
                            .tables
                            .add(table);
                }
            }
        }
    }

    /** Kahn's algorithm, taking among the ready steps the first in the file. */
    private static List<Step> order(List<Step> steps, List<TreeMap<Integer, EdgeParts>> upstream) {
        int[] waiting = new int[steps.size()];
        List<List<Integer>> downstream = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            downstream.add(new ArrayList<>());
        }
        PriorityQueue<Integer> ready = new PriorityQueue<>();
        for (int i = 0; i < steps.size(); i++) {
            waiting[i] = upstream.get(i).size();
            for (int before : upstream.get(i).keySet()) {
                downstream.get(before).add(i);
            }
            if (waiting[i] == 0) {
                ready.add(i);
            }
        }
        List<Step> order = new ArrayList<>();
        while (!ready.isEmpty()) {
            int next = ready.poll();
            order.add(steps.get(next));
            for (int after : downstream.get(next)) {
                waiting[after]--;
                if (waiting[after] == 0) {
                    ready.add(after);
                }
            }
        }
        if (order.size() < steps.size()) {
            throw cycle(steps, upstream, waiting);
        }
        return order;
    }

    /**
     * Every step left waiting has an upstream step left waiting, so following the first one from
     * any of them ends on a cycle.
     */
    private static AlmanacException cycle(List<Step> steps, List<TreeMap<Integer, EdgeParts>> upstream, int[] waiting) {
        int current = 0;
        while (waiting[current] == 0) {
            current++;
        }
        Map<Integer, Integer> seenAt = new LinkedHashMap<>();
        List<Integer> path = new ArrayList<>();
        while (!seenAt.containsKey(current)) {
            seenAt.put(current, path.size());
            path.add(current);
            int step = current;
            current = upstream.get(step).keySet().stream()
                    .filter(before -> waiting[before] > 0)
                    .findFirst()
                    .orElseThrow();
        }
        List<Integer> cycle = new ArrayList<>(path.subList(seenAt.get(current), path.size()));
        int first = cycle.indexOf(cycle.stream().min(Integer::compare).orElseThrow());
        List<Integer> rotated = new ArrayList<>(cycle.subList(first, cycle.size()));
        rotated.addAll(cycle.subList(0, first));
        List<String> links = new ArrayList<>();
        for (int i = 0; i < rotated.size(); i++) {
            int from = rotated.get(i);
            int to = rotated.get((i + 1) % rotated.size());
            EdgeParts parts = upstream.get(from).get(to);
            String name = "'" + steps.get(from).name() + "'";
            String other = "'" + steps.get(to).name() + "'";
            links.add(
                    parts.declared
                            ? name + " depends on " + other
                            : name + " reads " + parts.tables.iterator().next() + " written by " + other);
        }
        return error(
                "Dependency cycle: " + String.join(", ", links) + "; remove one of these dependencies",
                steps.get(rotated.get(0)).location());
    }

    private static AlmanacException error(String message, SourceLocation location) {
        return new AlmanacException(ErrorCode.INVALID_CONFIGURATION, message + " (" + location + ")");
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** The edges, ordered by downstream step and then upstream step, each in file order. */
    public List<Edge> edges() {
        return edges;
    }

    /** Every step after the steps it depends on; among steps that could go next, the first in the file. */
    public List<Step> order() {
        return order;
    }

    /** The names of the steps {@code step} directly depends on, in file order. */
    public List<String> upstream(String step) {
        requireStep(step);
        return edges.stream()
                .filter(edge -> edge.downstream().equals(step))
                .map(Edge::upstream)
                .toList();
    }

    /** The names of the steps that directly depend on {@code step}, in file order. */
    public List<String> downstream(String step) {
        requireStep(step);
        List<String> names = edges.stream()
                .filter(edge -> edge.upstream().equals(step))
                .map(Edge::downstream)
                .toList();
        return pipeline.steps().stream().map(Step::name).filter(names::contains).toList();
    }

    public String toDot() {
        return GraphRendering.dot(this);
    }

    public String toMermaid() {
        return GraphRendering.mermaid(this);
    }

    private void requireStep(String step) {
        if (pipeline.step(step).isEmpty()) {
            throw new AlmanacException(
                    ErrorCode.INVALID_ARGUMENT, "Pipeline '" + pipeline.name() + "' has no step '" + step + "'");
        }
    }

    private static final class EdgeParts {
        private boolean declared;
        private final Set<TableName> tables = new LinkedHashSet<>();
    }
}
