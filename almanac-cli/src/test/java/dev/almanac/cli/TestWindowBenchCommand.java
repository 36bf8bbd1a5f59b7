package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestWindowBenchCommand {
    @TempDir
    Path directory;

    @Test
    void printsEveryDayWithItsPlanAndTheTotals() {
        Path kept = directory.resolve("bench");
        CliRun run = CliRun.run(
                directory,
                Map.of(),
                "bench",
                "window",
                "--days",
                "7",
                "--events-per-day",
                "300",
                "--members",
                "40",
                "--window",
                "4",
                "--keep",
                kept.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().findFirst())
                .contains("300 page views a day over 7 days, 40 members, window 4 days, on duckdb, in " + kept);
        assertThat(run.out()).doesNotContain("starting the engine");
        List<String> days =
                run.out().lines().filter(line -> line.startsWith("2024-01-")).toList();
        // the first window ends on day 4; days 5 to 7 are measured
        assertThat(days).hasSize(3);
        assertThat(days)
                .allSatisfy(line -> assertThat(line).endsWith("views=reuse,distinct_pages=blocks,last_visit=reuse"));
        assertThat(run.out())
                .contains("aggregates adjusted from the previous output: 6 of 9; merged from block states: 3");
        assertThat(run.out()).containsPattern("reduction: cpu -?[0-9.]+% \\(goal: 95%\\), wall -?[0-9.]+%");
        assertThat(Files.isDirectory(kept.resolve("warehouse"))).isTrue();
    }

    @Test
    void computesBothWaysOnSpark() {
        CliRun run = CliRun.run(
                directory,
                Map.of(),
                "bench",
                "window",
                "--engine",
                "spark",
                "--spark-master",
                "local[2]",
                "--days",
                "5",
                "--events-per-day",
                "200",
                "--members",
                "30",
                "--window",
                "3");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out().lines().findFirst().orElseThrow())
                .startsWith("200 page views a day over 5 days, 30 members, window 3 days, on spark, in ");
        assertThat(run.out()).containsPattern("starting the engine \\(not in the figures\\) +\\d+\\.\\d\\d s wall");
        List<String> days =
                run.out().lines().filter(line -> line.startsWith("2024-01-")).toList();
        assertThat(days).hasSize(2);
        assertThat(days)
                .allSatisfy(line -> assertThat(line).endsWith("views=reuse,distinct_pages=blocks,last_visit=reuse"));
        assertThat(days)
                .allSatisfy(line -> assertThat(line).matches("2024-01-0[45]( +\\d+\\.\\d\\d){4} +-?\\d+\\.\\d%  .+"));
        assertThat(run.out())
                .contains("aggregates adjusted from the previous output: 4 of 6; merged from block states: 2");
    }

    @Test
    void rejectsAnUnknownEngine() {
        CliRun run = CliRun.run(directory, Map.of(), "bench", "window", "--engine", "hive");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown engine 'hive'; available: duckdb, spark");
    }

    @Test
    void rejectsADayCountWithinTheWindow() {
        CliRun run = CliRun.run(directory, Map.of(), "bench", "window", "--days", "3", "--window", "5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("need days > window >= 1, events per day >= 1 and members >= 1");
    }
}
