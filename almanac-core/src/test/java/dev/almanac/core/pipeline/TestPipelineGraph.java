package dev.almanac.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.core.catalog.TableName;
import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestPipelineGraph {
    private static final String SMALL = """
            name: daily_course_activity
            steps:
              - name: course_activity
                type: sql
                target: agg.course_activity_daily
                mode: partition
                sql: SELECT course_id, dt, count(*) AS events FROM raw.tracking_log WHERE dt = '${dt}' GROUP BY 1, 2
              - name: check_activity
                type: check
                table: agg.course_activity_daily
                checks: [{not_null: [course_id]}]
              - name: export_activity
                type: export
                depends_on: [check_activity]
                table: agg.course_activity_daily
                format: csv
                path: exports/${dt}
            """;

    @Test
    void unknownStep() {
        assertFails("""
                name: rollups
                steps:
                  - name: course_activity
                    type: sql
                    sql: SELECT 1
                  - name: daily_rollup
                    type: sql
                    sql: SELECT 2
                    depends_on:
                      - course_activity
                      - sessions
                """, "Step 'daily_rollup' depends on unknown step 'sessions' (pipeline.yaml:11:9)");
    }

    @Test
    void dependsOnItself() {
        assertFails(
                "name: p\nsteps:\n  - {name: a, type: sql, sql: SELECT 1, depends_on: [a]}\n",
                "Step 'a' depends on itself: remove 'a' from its depends_on (pipeline.yaml:3:54)");
    }

    @Test
    void twoStepCycle() {
        assertFails(
                """
                name: p
                steps:
                  - name: first
                    type: sql
                    sql: SELECT 1
                    depends_on: [second]
                  - name: second
                    type: sql
                    sql: SELECT 2
                    depends_on: [first]
                """,
                "Dependency cycle: 'first' depends on 'second', 'second' depends on 'first'; remove one of these"
                        + " dependencies (pipeline.yaml:3:5)");
    }

    @Test
    void threeStepCycleThroughTables() {
        assertFails(
                """
                name: p
                steps:
                  - name: start
                    type: sql
                    sql: SELECT 1
                  - name: sessions
                    type: sql
                    target: agg.sessions
                    mode: replace
                    sql: SELECT * FROM agg.rollup
                  - name: activity
                    type: sql
                    sql: INSERT OVERWRITE TABLE agg.activity SELECT * FROM agg.sessions
                  - name: rollup
                    type: sql
                    depends_on: [activity, start]
                    target: agg.rollup
                    mode: replace
                    sql: SELECT 1
                """,
                "Dependency cycle: 'sessions' reads agg.rollup written by 'rollup', 'rollup' depends on 'activity',"
                        + " 'activity' reads agg.sessions written by 'sessions'; remove one of these dependencies (pipeline.yaml:6:5)");
    }

    @Test
    void cycleBehindAnAcyclicPart() {
        assertFails(
                """
                name: p
                steps:
                  - {name: a, type: sql, sql: SELECT 1}
                  - {name: b, type: sql, sql: SELECT 1, depends_on: [a, d]}
                  - {name: c, type: sql, sql: SELECT 1, depends_on: [b]}
                  - {name: d, type: sql, sql: SELECT 1, depends_on: [c]}
                  - {name: e, type: sql, sql: SELECT 1, depends_on: [d]}
                """,
                "Dependency cycle: 'b' depends on 'd', 'd' depends on 'c', 'c' depends on 'b'; remove one of these"
                        + " dependencies (pipeline.yaml:4:5)");
    }

    @Test
    void twoWritersOfOneTable() {
        assertFails(
                """
                name: p
                steps:
                  - name: load
                    type: extract-jdbc
                    url: jdbc:sqlite:lms.db
                    table: enrollment
                    target: raw.enrollments
                    mode: replace
                  - name: rebuild
                    type: sql
                    sql: CREATE TABLE raw.enrollments AS SELECT 1
                """,
                "Steps 'load' and 'rebuild' both write raw.enrollments: a table has one writer in a pipeline, so write it"
                        + " in one step or split it into two tables (pipeline.yaml:9:5)");
    }

    @Test
    void lineageEdges() {
        PipelineGraph graph = graph("""
                name: p
                steps:
                  - name: report
                    type: sql
                    sql: |
                      WITH sessions AS (SELECT * FROM raw.tracking_log)
                      SELECT 'FROM agg.course_activity_daily' AS note, s.*
                      FROM sessions s
                      JOIN agg.learners l ON l.username = s.username
                  - name: activity
                    type: sql
                    target: agg.course_activity_daily
                    mode: replace
                    sql: SELECT * FROM raw.tracking_log
                  - name: sessions
                    type: sql
                    sql: INSERT INTO agg.sessions SELECT * FROM raw.tracking_log
                  - name: learners
                    type: sql
                    sql: CREATE TABLE agg.learners AS SELECT DISTINCT username FROM agg.sessions
                  - name: compare
                    type: check
                    checks:
                      - compare_counts:
                          left: SELECT count(*) FROM agg.course_activity_daily
                          right: SELECT count(*) FROM agg.learners
                """);

        assertThat(graph.edges())
                .containsExactly(
                        new PipelineGraph.Edge("learners", "report", false, List.of(table("agg.learners"))),
                        new PipelineGraph.Edge("sessions", "learners", false, List.of(table("agg.sessions"))),
                        new PipelineGraph.Edge(
                                "activity", "compare", false, List.of(table("agg.course_activity_daily"))),
                        new PipelineGraph.Edge("learners", "compare", false, List.of(table("agg.learners"))));
        assertThat(graph.order())
                .extracting(Step::name)
                .containsExactly("activity", "sessions", "learners", "report", "compare");
        assertThat(graph.upstream("compare")).containsExactly("activity", "learners");
        assertThat(graph.downstream("learners")).containsExactly("report", "compare");
        assertThat(graph.upstream("activity")).isEmpty();
    }

    @Test
    void declaredAndLineageEdgesAreOne() {
        PipelineGraph graph = graph("""
                name: p
                steps:
                  - {name: a, type: sql, target: agg.a, mode: append, sql: SELECT 1}
                  - {name: b, type: export, depends_on: [a], table: agg.a, format: json, path: out}
                """);

        assertThat(graph.edges()).containsExactly(new PipelineGraph.Edge("a", "b", true, List.of(table("agg.a"))));
    }

    @Test
    void readingItsOwnTableIsNoDependency() {
        PipelineGraph graph = graph("""
                name: p
                steps:
                  - {name: a, type: sql, sql: "INSERT INTO agg.a SELECT * FROM agg.a WHERE dt < '${dt}'"}
                """);

        assertThat(graph.edges()).isEmpty();
    }

    @Test
    void topologicalOrderKeepsFileOrderAmongReadySteps() {
        PipelineGraph graph = graph("""
                name: p
                steps:
                  - {name: publish, type: sql, sql: SELECT 1, depends_on: [check, export]}
                  - {name: check, type: sql, sql: SELECT 1, depends_on: [load]}
                  - {name: other, type: sql, sql: SELECT 1}
                  - {name: export, type: sql, sql: SELECT 1, depends_on: [load]}
                  - {name: load, type: sql, sql: SELECT 1}
                  - {name: last, type: sql, sql: SELECT 1}
                """);

        assertThat(graph.order())
                .extracting(Step::name)
                .containsExactly("other", "load", "check", "export", "publish", "last");
    }

    @Test
    void dot() {
        assertThat(graph(SMALL).toDot()).isEqualTo("""
                digraph "daily_course_activity" {
                  rankdir=LR;
                  node [shape=box];
                  "course_activity" [label="course_activity\\nsql"];
                  "check_activity" [label="check_activity\\ncheck"];
                  "export_activity" [label="export_activity\\nexport"];
                  "course_activity" -> "check_activity" [label="agg.course_activity_daily"];
                  "course_activity" -> "export_activity" [label="agg.course_activity_daily"];
                  "check_activity" -> "export_activity";
                }
                """);
    }

    @Test
    void mermaid() {
        assertThat(graph(SMALL).toMermaid()).isEqualTo("""
                flowchart LR
                  course_activity["course_activity<br/>sql"]
                  check_activity["check_activity<br/>check"]
                  export_activity["export_activity<br/>export"]
                  course_activity -->|agg.course_activity_daily| check_activity
                  course_activity -->|agg.course_activity_daily| export_activity
                  check_activity --> export_activity
                """);
    }

    @Test
    void mermaidKeywordsAsStepNames() {
        PipelineGraph graph = graph("""
                name: p
                steps:
                  - {name: start, type: sql, sql: SELECT 1}
                  - {name: end, type: sql, sql: SELECT 1, depends_on: [start]}
                """);

        assertThat(graph.toMermaid()).isEqualTo("""
                flowchart LR
                  start["start<br/>sql"]
                  END["end<br/>sql"]
                  start --> END
                """);
    }

    @Test
    void unknownStepName() {
        PipelineGraph graph = graph(SMALL);

        assertThatThrownBy(() -> graph.upstream("missing"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Pipeline 'daily_course_activity' has no step 'missing'");
    }

    private static PipelineGraph graph(String yaml) {
        return PipelineGraph.of(PipelineParser.parse("pipeline.yaml", yaml, Path.of(".")));
    }

    private static void assertFails(String yaml, String message) {
        Pipeline pipeline = PipelineParser.parse("pipeline.yaml", yaml, Path.of("."));

        assertThatThrownBy(() -> PipelineGraph.of(pipeline))
                .isInstanceOf(AlmanacException.class)
                .hasMessage(message)
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.INVALID_CONFIGURATION);
    }

    private static TableName table(String name) {
        return TableName.parse(name);
    }
}
