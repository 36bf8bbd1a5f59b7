package dev.almanac.core.config;

import static java.util.Objects.requireNonNull;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * A YAML file read as a tree of nodes that remember where they came from, so that every error a
 * format parser reports names file, line and column.
 */
public final class YamlDocument {
    private final String source;
    private final Optional<Node> root;

    private YamlDocument(String source, Optional<Node> root) {
        this.source = source;
        this.root = root;
    }

    public static YamlDocument parse(String source, String text) {
        requireNonNull(source, "source is null");
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            Node node = new Yaml(options).compose(new StringReader(text));
            return new YamlDocument(source, Optional.ofNullable(node));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Invalid YAML: " + e.getProblem() + " (" + location(source, mark) + ")",
                    e);
        } catch (ReaderException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION,
                    "Invalid YAML: " + e.getMessage() + ": U+" + String.format(Locale.ROOT, "%04X", e.getCodePoint())
                            + " (" + location(source, text, e.getPosition()) + ")",
                    e);
        } catch (YAMLException e) {
            throw new AlmanacException(
                    ErrorCode.INVALID_CONFIGURATION, "Invalid YAML: " + e.getMessage() + " (" + source + ")", e);
        }
    }

    /** The top-level mapping; an empty document is an empty mapping. */
    public Mapping rootMapping() {
        if (root.isEmpty()) {
            return new Mapping(Map.of(), null);
        }
        return mapping(root.get(), "the document");
    }

    public AlmanacException error(Node node, String message) {
        return new AlmanacException(
                ErrorCode.INVALID_CONFIGURATION, message + " (" + location(source, node.getStartMark()) + ")");
    }

    public String location(Node node) {
        return location(source, node.getStartMark());
    }

    private static String location(String source, Mark mark) {
        if (mark == null) {
            return source;
        }
        return source + ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1);
    }

    /** The location of the {@code codePointIndex}-th code point of {@code text}. */
    private static String location(String source, String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int index = 0;
        for (int i = 0; i < codePointIndex && index < text.length(); i++) {
            int codePoint = text.codePointAt(index);
            index += Character.charCount(codePoint);
            if (codePoint == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return source + ":" + line + ":" + column;
    }

    public Mapping mapping(Node node, String what) {
        if (!(node instanceof MappingNode mappingNode)) {
            throw error(node, "Expected a mapping for " + what);
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mappingNode.getValue()) {
            String key = scalar(tuple.getKeyNode(), "a key");
            // SnakeYAML checks duplicate keys when constructing objects, not when composing nodes
            if (entries.put(key, tuple) != null) {
                throw error(tuple.getKeyNode(), "Duplicate key '" + key + "'");
            }
        }
        return new Mapping(entries, mappingNode);
    }

    public List<Node> sequence(Node node, String what) {
        if (!(node instanceof SequenceNode sequenceNode)) {
            throw error(node, "Expected a list for " + what);
        }
        return sequenceNode.getValue();
    }

    public String scalar(Node node, String what) {
        if (!(node instanceof ScalarNode scalarNode)) {
            throw error(node, "Expected a single value for " + what);
        }
        return scalarNode.getValue();
    }

    /** A mapping node's entries by key, in file order. */
    public final class Mapping {
        private final Map<String, NodeTuple> entries;
        private final Node node;

        private Mapping(Map<String, NodeTuple> entries, Node node) {
            this.entries = entries;
            this.node = node;
        }

        public Set<String> keys() {
            return entries.keySet();
        }

        /** Fails on the first key not in {@code allowed}, naming the keys that are. */
        public Mapping requireKnownKeys(Set<String> allowed) {
            for (Map.Entry<String, NodeTuple> entry : entries.entrySet()) {
                if (!allowed.contains(entry.getKey())) {
                    throw error(
                            entry.getValue().getKeyNode(),
                            "Unknown key '" + entry.getKey() + "'; expected one of "
                                    + String.join(
                                            ", ", allowed.stream().sorted().toList()));
                }
            }
            return this;
        }

        public Optional<Node> node(String key) {
            return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
        }

        public Optional<String> string(String key) {
            return node(key).map(value -> scalar(value, "'" + key + "'"));
        }

        public String requiredString(String key) {
            return string(key)
                    .orElseThrow(() -> node == null
                            ? new AlmanacException(
                                    ErrorCode.INVALID_CONFIGURATION, "Missing key '" + key + "' (" + source + ")")
                            : error(node, "Missing key '" + key + "'"));
        }

        public Optional<Mapping> mapping(String key) {
            return node(key).map(value -> YamlDocument.this.mapping(value, "'" + key + "'"));
        }
    }
}
