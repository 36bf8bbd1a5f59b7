package dev.almanac.core.pipeline;

import dev.almanac.core.catalog.TableName;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Draws a {@link PipelineGraph} as Graphviz DOT or a Mermaid flowchart: a box per step, an arrow per edge. */
final class GraphRendering {
    // Mermaid reads these words as statements, not node ids; it takes them in upper case
    private static final Set<String> MERMAID_KEYWORDS = Set.of(
            "end",
            "graph",
            "flowchart",
            "subgraph",
            "style",
            "class",
            "classdef",
            "click",
            "linkstyle",
            "direction",
            "call",
            "href",
            "default");

    private GraphRendering() {}

    static String dot(PipelineGraph graph) {
        StringBuilder text = new StringBuilder();
        text.append("digraph ").append(dotString(graph.pipeline().name())).append(" {\n");
        text.append("  rankdir=LR;\n");
        text.append("  node [shape=box];\n");
        for (Step step : graph.pipeline().steps()) {
            text.append("  ")
                    .append(dotString(step.name()))
                    .append(" [label=\"")
                    .append(dotEscape(step.name()))
                    .append("\\n")
                    .append(step.type().configName())
                    .append("\"];\n");
        }
        for (PipelineGraph.Edge edge : graph.edges()) {
            text.append("  ").append(dotString(edge.upstream())).append(" -> ").append(dotString(edge.downstream()));
            if (!edge.tables().isEmpty()) {
                text.append(" [label=").append(dotString(tables(edge.tables()))).append(']');
            }
            text.append(";\n");
        }
        text.append("}\n");
        return text.toString();
    }

    static String mermaid(PipelineGraph graph) {
        StringBuilder text = new StringBuilder();
        text.append("flowchart LR\n");
        for (Step step : graph.pipeline().steps()) {
            text.append("  ")
                    .append(mermaidId(step.name()))
                    .append("[\"")
                    .append(mermaidEscape(step.name()))
                    .append("<br/>")
                    .append(step.type().configName())
                    .append("\"]\n");
        }
        for (PipelineGraph.Edge edge : graph.edges()) {
            text.append("  ").append(mermaidId(edge.upstream())).append(" -->");
            if (!edge.tables().isEmpty()) {
                text.append('|')
                        .append(mermaidEscape(tables(edge.tables())).replace("|", "#124;"))
                        .append('|');
            }
            text.append(' ').append(mermaidId(edge.downstream())).append('\n');
        }
        return text.toString();
    }

    private static String tables(List<TableName> tables) {
        return tables.stream().map(TableName::toString).collect(Collectors.joining(", "));
    }

    private static String dotString(String text) {
        return "\"" + dotEscape(text) + "\"";
    }

    private static String dotEscape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static String mermaidId(String name) {
        return MERMAID_KEYWORDS.contains(name) ? name.toUpperCase(Locale.ROOT) : name;
    }

    private static String mermaidEscape(String text) {
        return text.replace("\"", "#quot;");
    }
}
