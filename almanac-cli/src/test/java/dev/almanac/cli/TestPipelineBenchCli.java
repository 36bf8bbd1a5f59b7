package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code almanac bench pipelines} at a tiny scale: the table's shape, not its figures. */
class TestPipelineBenchCli {
    private static final String FIGURE = "\\d+\\.\\d\\d";

    @TempDir
    Path directory;

    @Test
    void printsEachPipelineOnBothEnginesSideBySide() {
        Path kept = directory.resolve("bench");
        CliRun run = CliRun.run(
                directory,
                Map.of(),
                "bench",
                "pipelines",
                "--days",
                "1",
                "--events-per-day",
                "400",
                "--spark-master",
                "local[2]",
                "--pipeline",
                "khan_user_exercise_summary",
                "--pipeline",
                "learner_activity_windows",
                "--keep",
                kept.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("demo data: 1 days, 400 tracking-log events a day, in " + kept);
        assertThat(lines.get(1)).matches("generating the demo data +" + FIGURE + " s wall");
        assertThat(lines.get(2)).matches("landing it \\(duckdb\\) +" + FIGURE + " s wall");
        assertThat(lines.get(3))
                .matches("starting the spark driver \\(not in the figures below\\) +" + FIGURE + " s wall");
        assertThat(lines.get(4).split(" +")).containsExactly("", "duckdb", "spark", "spark/");
        assertThat(lines.get(5).split(" +"))
                .containsExactly(
                        "pipeline",
                        "dates",
                        "rows",
                        "wall",
                        "s",
                        "cpu",
                        "s",
                        "rows",
                        "wall",
                        "s",
                        "cpu",
                        "s",
                        "driver",
                        "cpu",
                        "duckdb");
        // Spark runs this pipeline: every figure is there, its steps report the rows DuckDB's did, and the
        // ratio is Spark's wall time over DuckDB's
        assertThat(lines.get(6))
                .matches("khan_user_exercise_summary +1 +[1-9]\\d*( +" + FIGURE + "){2} +[1-9]\\d*( +" + FIGURE
                        + "){4}");
        String[] khan = lines.get(6).split(" +");
        assertThat(khan[5]).isEqualTo(khan[2]);
        double duckdbWall = Double.parseDouble(khan[3]);
        double sparkWall = Double.parseDouble(khan[6]);
        // the printed times are rounded to hundredths
        double rounding = sparkWall / duckdbWall * (0.005 / duckdbWall + 0.005 / sparkWall) + 0.005;
        assertThat(Double.parseDouble(khan[9])).isCloseTo(sparkWall / duckdbWall, within(rounding));
        // window aggregates: figures on both engines, or DuckDB's and the reason Spark does not run it
        assertThat(lines.get(7))
                .matches("learner_activity_windows +1 +[1-9]\\d*( +" + FIGURE + "){2} +([1-9]\\d*( +" + FIGURE
                        + "){4}|not supported on spark: .+)");
        assertThat(lines).hasSize(8);
        assertThat(Files.isDirectory(kept.resolve("warehouse"))).isTrue();
    }

    @Test
    void anUnknownPipelineIsNamed() {
        CliRun run = CliRun.run(directory, Map.of(), "bench", "pipelines", "--pipeline", "no_such_pipeline");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("No bundled pipeline 'no_such_pipeline'; expected one of edx_person_course_day,"
                        + " khan_user_exercise_summary, learner_activity_windows\n");
    }
}
