package dev.almanac.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.almanac.core.catalog.TableName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestPipelineTableReferences {
    @Test
    void from() {
        assertReads("SELECT * FROM raw.tracking_log WHERE dt = '${dt}'", "raw.tracking_log");
        assertReads("select * from Raw.Tracking_Log", "raw.tracking_log");
        assertReads("FROM raw.tracking_log SELECT course_id", "raw.tracking_log");
    }

    @Test
    void joins() {
        assertReads("""
                SELECT *
                FROM agg.course_activity_daily a
                JOIN edx.person_course AS p ON p.course_id = a.course_id
                LEFT OUTER JOIN raw.enrollments e USING (course_id)
                CROSS JOIN raw.calendar
                """, "agg.course_activity_daily", "edx.person_course", "raw.enrollments", "raw.calendar");
    }

    @Test
    void commaSeparatedTables() {
        assertReads("SELECT * FROM raw.a x, raw.b AS y, raw.c WHERE x.id = y.id", "raw.a", "raw.b", "raw.c");
    }

    @Test
    void commonTableExpressionShadowingATableName() {
        assertReads("""
                WITH course_activity_daily AS (SELECT * FROM raw.tracking_log),
                     learners (username) AS (SELECT username FROM raw.users)
                SELECT * FROM course_activity_daily JOIN learners USING (username)
                """, "raw.tracking_log", "raw.users");
    }

    @Test
    void stringLiteralsAndCommentsAreIgnored() {
        assertReads("""
                -- reads FROM agg.in_a_comment
                SELECT 'FROM agg.in_a_string' AS a, 'it''s FROM agg.escaped' AS b, 'a\\' FROM agg.backslash' AS c
                /* JOIN agg.in_a_block
                   comment */
                FROM raw.tracking_log -- JOIN agg.trailing
                """, "raw.tracking_log");
    }

    @Test
    void fromInsideFunctionsIsNoTable() {
        assertReads("""
                SELECT extract(year FROM e.time), substring(e.page FROM 2), trim(BOTH ' ' FROM e.agent)
                FROM raw.tracking_log e
                WHERE e.username IS DISTINCT FROM e.referer
                """, "raw.tracking_log");
    }

    @Test
    void subqueries() {
        assertReads("""
                SELECT * FROM (SELECT * FROM raw.a) s
                WHERE s.id IN (SELECT id FROM raw.b) AND EXISTS (SELECT 1 FROM raw.c WHERE c.id = s.id)
                """, "raw.a", "raw.b", "raw.c");
        assertReads("SELECT (SELECT max(x) FROM raw.a) AS m, t.y FROM raw.b t", "raw.a", "raw.b");
    }

    @Test
    void quotedNames() {
        assertReads(
                "SELECT * FROM \"raw\".\"Tracking Log\" JOIN `edx`.`person_course` USING (id)",
                "raw.\"Tracking Log\"",
                "edx.person_course");
    }

    @Test
    void namesThatAreNotWarehouseTables() {
        assertReads("SELECT * FROM read_parquet('x.parquet') JOIN range(3) r ON true");
        assertReads("SELECT * FROM raw.t_${suffix} JOIN ${namespace}.t USING (id)");
        assertReads("SELECT * FROM tracking_log");
        assertReads("SELECT * FROM raw.a JOIN LATERAL (SELECT * FROM raw.b) x ON true", "raw.a", "raw.b");
    }

    @Test
    void timeTravel() {
        assertReads(
                "SELECT * FROM raw.a VERSION AS OF 12 x, raw.b FOR SYSTEM_TIME AS OF '2024-01-02', raw.c",
                "raw.a",
                "raw.b",
                "raw.c");
    }

    @Test
    void eachTableOnce() {
        assertReads(
                "SELECT * FROM raw.a UNION ALL SELECT * FROM raw.b UNION ALL SELECT * FROM RAW.A", "raw.a", "raw.b");
    }

    @Test
    void writes() {
        assertWrites(
                "INSERT OVERWRITE TABLE agg.sessions PARTITION (dt = '${dt}') SELECT * FROM raw.tracking_log",
                "agg.sessions",
                "raw.tracking_log");
        assertWrites(
                "insert overwrite agg.sessions select * from raw.tracking_log", "agg.sessions", "raw.tracking_log");
        assertWrites(
                "INSERT INTO agg.sessions SELECT * FROM agg.sessions_staging", "agg.sessions", "agg.sessions_staging");
        assertWrites("INSERT INTO TABLE agg.sessions VALUES (1)", "agg.sessions");
        assertWrites(
                "CREATE TABLE IF NOT EXISTS agg.sessions PARTITIONED BY (dt) AS SELECT * FROM raw.tracking_log",
                "agg.sessions",
                "raw.tracking_log");
        assertWrites("CREATE OR REPLACE TABLE agg.sessions AS SELECT 1", "agg.sessions");
        assertWrites("-- rebuild\n/* daily */ INSERT INTO agg.sessions SELECT 1", "agg.sessions");
        assertWrites(
                "WITH s AS (SELECT * FROM raw.tracking_log) INSERT OVERWRITE TABLE agg.sessions SELECT * FROM s",
                "agg.sessions",
                "raw.tracking_log");
        assertWrites(
                "INSERT INTO agg.sessions SELECT * FROM agg.sessions WHERE dt < '${dt}'",
                "agg.sessions",
                "agg.sessions");
    }

    @Test
    void noWrite() {
        assertThat(TableReferences.extract("SELECT 1").written()).isEmpty();
        assertThat(TableReferences.extract("SELECT * FROM raw.t WHERE note = 'INSERT INTO agg.x'")
                        .written())
                .isEmpty();
        assertThat(TableReferences.extract("INSERT INTO sessions SELECT 1").written())
                .isEmpty();
        assertThat(TableReferences.extract("DROP TABLE agg.x").written()).isEmpty();
        assertThat(TableReferences.extract("").read()).isEmpty();
        assertThat(TableReferences.extract("SELECT 'unterminated FROM raw.t").read())
                .isEmpty();
    }

    @Test
    void oneTablePartNamesResolveThroughTheSearchPath() {
        String sql = "WITH recent AS (SELECT * FROM ProblemLog) INSERT OVERWRITE TABLE summary PARTITION (dt='1')"
                + " SELECT * FROM recent JOIN raw.users u ON true";

        TableReferences references = TableReferences.extract(sql, List.of("agg", "raw"));

        assertThat(references.written()).contains(TableName.parse("agg.summary"));
        assertThat(references.read()).containsExactlyElementsOf(names("agg.problemlog", "raw.problemlog", "raw.users"));
        assertThat(TableReferences.extract(sql).read()).containsExactlyElementsOf(names("raw.users"));
    }

    private static void assertReads(String sql, String... tables) {
        TableReferences references = TableReferences.extract(sql);
        assertThat(references.read()).as(sql).containsExactlyElementsOf(names(tables));
        assertThat(references.written()).as(sql).isEmpty();
    }

    private static void assertWrites(String sql, String written, String... read) {
        assertThat(TableReferences.extract(sql))
                .as(sql)
                .isEqualTo(new TableReferences(Optional.of(TableName.parse(written)), names(read)));
    }

    private static List<TableName> names(String... names) {
        return List.of(names).stream().map(TableName::parse).toList();
    }
}
