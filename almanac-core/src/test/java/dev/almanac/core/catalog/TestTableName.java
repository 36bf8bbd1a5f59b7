package dev.almanac.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.util.List;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

class TestTableName {
    @Test
    void unquotedPartsAreLowerCase() {
        TableName name = TableName.parse("Raw.Tracking_Log");

        assertThat(name.namespace()).containsExactly("raw");
        assertThat(name.table()).isEqualTo("tracking_log");
        assertThat(name).isEqualTo(new TableName(List.of("raw"), "tracking_log"));
    }

    @Test
    void quotedPartsAreKeptAsWritten() {
        assertThat(TableName.parse("\"Raw\".\"Tracking Log\""))
                .isEqualTo(new TableName(List.of("Raw"), "Tracking Log"));
        assertThat(TableName.parse("raw.\"a.b\"")).isEqualTo(new TableName(List.of("raw"), "a.b"));
    }

    @Test
    void nestedNamespaces() {
        TableName name = TableName.parse("edx.MITx_6002x.person_course");

        assertThat(name.namespace()).containsExactly("edx", "mitx_6002x");
        assertThat(name.table()).isEqualTo("person_course");
        assertThat(name.parts()).containsExactly("edx", "mitx_6002x", "person_course");
        assertThat(name).hasToString("edx.mitx_6002x.person_course");
    }

    @Test
    void spacesAroundParts() {
        assertThat(TableName.parse("  raw . events ")).isEqualTo(new TableName(List.of("raw"), "events"));
        assertThat(TableName.parse("raw . \"Events\"")).isEqualTo(new TableName(List.of("raw"), "Events"));
        assertThat(TableName.parse("\"Raw\" .events")).isEqualTo(new TableName(List.of("Raw"), "events"));
    }

    @Test
    void partsIsACopy() {
        TableName name = TableName.parse("raw.events");

        name.parts().add("x");

        assertThat(name.parts()).containsExactly("raw", "events");
    }

    @Test
    void identifierRoundTrip() {
        for (String text : List.of("raw.events", "edx.mitx_6002x.person_course", "\"Raw\".\"Tracking Log\"")) {
            TableName name = TableName.parse(text);
            TableIdentifier identifier = name.identifier();

            assertThat(TableName.of(identifier)).as(text).isEqualTo(name);
            assertThat(identifier.namespace().levels()).as(text).containsExactlyElementsOf(name.namespace());
            assertThat(identifier.name()).as(text).isEqualTo(name.table());
        }
        assertThat(TableName.parse("edx.mitx.person_course").identifier())
                .isEqualTo(TableIdentifier.of(Namespace.of("edx", "mitx"), "person_course"));
    }

    @Test
    void ofParts() {
        assertThat(TableName.of(List.of("raw", "events"))).isEqualTo(TableName.parse("raw.events"));
        assertThatThrownBy(() -> TableName.of(List.of()))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Empty table name");
    }

    @Test
    void missingNamespace() {
        assertThatThrownBy(() -> TableName.parse("events"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Table name 'events' has no namespace: write namespace.table, e.g. raw.events")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThatThrownBy(() -> new TableName(List.of(), "events"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Table name 'events' has no namespace: write namespace.table, e.g. raw.events");
    }

    @Test
    void invalidNames() {
        for (String text : List.of(
                "",
                "   ",
                "raw.",
                "raw.events.",
                ".events",
                "raw..events",
                "raw.1events",
                "raw.my-table",
                "raw.my table",
                "raw.\"events",
                "raw.\"\"",
                "\"raw\"x.events",
                "raw.\"a\"\"b\"")) {
            assertThatThrownBy(() -> TableName.parse(text))
                    .as(text)
                    .isInstanceOf(AlmanacException.class)
                    .hasMessage("Invalid table name '" + text + "': expected namespace.table, e.g. raw.tracking_log")
                    .extracting(e -> ((AlmanacException) e).code())
                    .isEqualTo(ErrorCode.INVALID_ARGUMENT);
        }
    }
}
