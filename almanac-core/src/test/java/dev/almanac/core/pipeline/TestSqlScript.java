package dev.almanac.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TestSqlScript {
    @Test
    void splitsAtSemicolonsOutsideLiteralsAndComments() {
        String script = """
                CREATE TABLE IF NOT EXISTS agg.t (a STRING);  -- a comment; with a semicolon
                INSERT OVERWRITE TABLE agg.t SELECT 'x;y' AS a;
                /* only a comment; */ ;
                """;

        assertThat(SqlScript.statements(script))
                .containsExactly(
                        "CREATE TABLE IF NOT EXISTS agg.t (a STRING)",
                        "-- a comment; with a semicolon\nINSERT OVERWRITE TABLE agg.t SELECT 'x;y' AS a");
    }

    @Test
    void aStatementWithoutSemicolonIsOneStatement() {
        assertThat(SqlScript.statements("SELECT 1")).containsExactly("SELECT 1");
        assertThat(SqlScript.statements("  \n-- nothing\n")).isEmpty();
    }
}
