package dev.almanac.core.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestMigrationStatements {
    @Test
    void everyMigrationSplitsIntoStatements() {
        assertThat(Migrations.ALL).isNotEmpty();
        for (Migration migration : Migrations.ALL) {
            List<String> statements = Migrations.statements(migration);

            assertThat(statements).as(migration.resource()).isNotEmpty();
            for (String statement : statements) {
                assertThat(statement).as(migration.resource()).isNotBlank().isEqualTo(statement.strip());
                assertThat(statement).as(migration.resource()).doesNotContain("--", "/*", ";");
                assertThat(statement).as(migration.resource()).startsWithIgnoringCase("CREATE ");
            }
        }
    }

    @Test
    void firstMigrationStatements() {
        List<String> statements = Migrations.statements(Migrations.ALL.get(0));

        assertThat(statements).hasSize(2);
        assertThat(statements.get(0))
                .startsWith("CREATE TABLE almanac_provenance (\n")
                .endsWith("PRIMARY KEY (table_name, snapshot_id)\n)");
        assertThat(statements.get(1))
                .isEqualTo("CREATE INDEX almanac_provenance_by_time ON almanac_provenance (committed_at)");
    }

    @Test
    void versionsCountUpFromOneAndNameTheirFiles() {
        for (int i = 0; i < Migrations.ALL.size(); i++) {
            Migration migration = Migrations.ALL.get(i);

            assertThat(migration.version()).isEqualTo(i + 1);
            assertThat(migration.resource()).startsWith("V" + (i + 1) + "__").endsWith(".sql");
        }
        assertThat(Migrations.latestVersion()).isEqualTo(Migrations.ALL.size());
    }

    @Test
    void missingResource() {
        assertThatThrownBy(() -> Migrations.statements(new Migration(99, "nothing", "V99__nothing.sql")))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Missing migration resource V99__nothing.sql");
    }

    @Test
    void versionMustBePositive() {
        assertThatThrownBy(() -> new Migration(0, "zero", "V0__zero.sql"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("migration version must be positive: 0");
    }
}
