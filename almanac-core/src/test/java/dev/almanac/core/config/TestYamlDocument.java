package dev.almanac.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.Node;

class TestYamlDocument {
    @Test
    void readsScalarsMappingsAndLists() {
        YamlDocument document =
                YamlDocument.parse("p.yaml", "name: daily\nsteps:\n  - a\n  - b\nowner:\n  team: data\n");
        YamlDocument.Mapping root = document.rootMapping();

        assertThat(root.keys()).containsExactly("name", "steps", "owner");
        assertThat(root.string("name")).contains("daily");
        assertThat(root.requiredString("name")).isEqualTo("daily");
        assertThat(root.string("missing")).isEmpty();
        List<Node> steps = document.sequence(root.node("steps").orElseThrow(), "'steps'");
        assertThat(steps).extracting(step -> document.scalar(step, "a step")).containsExactly("a", "b");
        assertThat(root.mapping("owner").orElseThrow().string("team")).contains("data");
        assertThat(document.location(steps.get(1))).isEqualTo("p.yaml:4:5");
    }

    @Test
    void scalarsAreTextAsWritten() {
        YamlDocument.Mapping root = YamlDocument.parse("p.yaml", "a: 007\nb: yes\nc: 1.50\nd: \"quoted: #1\"\ne:\n")
                .rootMapping();

        assertThat(root.string("a")).contains("007");
        assertThat(root.string("b")).contains("yes");
        assertThat(root.string("c")).contains("1.50");
        assertThat(root.string("d")).contains("quoted: #1");
        assertThat(root.string("e")).contains("");
    }

    @Test
    void emptyDocument() {
        for (String text : new String[] {"", "\n", "# only a comment\n"}) {
            YamlDocument.Mapping root = YamlDocument.parse("p.yaml", text).rootMapping();

            assertThat(root.keys()).as(text).isEmpty();
            assertThat(root.string("name")).as(text).isEmpty();
            assertThatThrownBy(() -> root.requiredString("name"))
                    .as(text)
                    .isInstanceOf(AlmanacException.class)
                    .hasMessage("Missing key 'name' (p.yaml)");
        }
    }

    @Test
    void missingKeyNamesTheMapping() {
        YamlDocument document = YamlDocument.parse("p.yaml", "name: x\nowner:\n  email: a@b\n");

        assertThatThrownBy(() ->
                        document.rootMapping().mapping("owner").orElseThrow().requiredString("team"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Missing key 'team' (p.yaml:3:3)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
    }

    @Test
    void duplicateKeys() {
        assertThatThrownBy(() -> YamlDocument.parse("p.yaml", "name: a\nsteps: []\nname: b\n")
                        .rootMapping())
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Duplicate key 'name' (p.yaml:3:1)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        YamlDocument nested = YamlDocument.parse("p.yaml", "owner:\n  team: a\n  team: b\n");
        assertThatThrownBy(() -> nested.rootMapping().mapping("owner"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Duplicate key 'team' (p.yaml:3:3)");
    }

    @Test
    void typeMismatches() {
        YamlDocument document = YamlDocument.parse("p.yaml", "name: [a, b]\nowner:\n  - team\nsteps: x\n");
        YamlDocument.Mapping root = document.rootMapping();

        assertThatThrownBy(() -> root.string("name"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected a single value for 'name' (p.yaml:1:7)");
        assertThatThrownBy(() -> root.mapping("owner"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected a mapping for 'owner' (p.yaml:3:3)");
        assertThatThrownBy(() -> document.sequence(root.node("steps").orElseThrow(), "'steps'"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected a list for 'steps' (p.yaml:4:8)");
    }

    @Test
    void rootMustBeAMapping() {
        assertThatThrownBy(() -> YamlDocument.parse("p.yaml", "- a\n- b\n").rootMapping())
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected a mapping for the document (p.yaml:1:1)");
        assertThatThrownBy(() -> YamlDocument.parse("p.yaml", "just text\n").rootMapping())
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected a mapping for the document (p.yaml:1:1)");
    }

    @Test
    void keysMustBeScalars() {
        assertThatThrownBy(() -> YamlDocument.parse("p.yaml", "? [a, b]\n: c\n").rootMapping())
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Expected a single value for a key (p.yaml:1:3)");
    }

    @Test
    void unknownKeys() {
        YamlDocument.Mapping root = YamlDocument.parse("p.yaml", "name: a\nsteps: []\ncolour: red\n")
                .rootMapping();

        assertThat(root.requireKnownKeys(Set.of("name", "steps", "colour"))).isSameAs(root);
        assertThatThrownBy(() -> root.requireKnownKeys(Set.of("steps", "name", "owner")))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Unknown key 'colour'; expected one of name, owner, steps (p.yaml:3:1)");
    }

    @Test
    void invalidYaml() {
        assertThatThrownBy(() -> YamlDocument.parse("p.yaml", "name: a\n  steps: b\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Invalid YAML: mapping values are not allowed here (p.yaml:2:8)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
        assertThatThrownBy(() -> YamlDocument.parse("p.yaml", "name: [a\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Invalid YAML: expected ',' or ']', but got <stream end> (p.yaml:2:1)");
        assertThatThrownBy(() -> YamlDocument.parse("p.yaml", "name: &a x\nother: *b\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Invalid YAML: found undefined alias b (p.yaml:2:8)");
    }

    @Test
    void specialCharacters() {
        assertThatThrownBy(() -> YamlDocument.parse("p.yaml", "name: a\nowner: b\u0001c\n"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Invalid YAML: special characters are not allowed: U+0001 (p.yaml:2:9)")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
    }
}
