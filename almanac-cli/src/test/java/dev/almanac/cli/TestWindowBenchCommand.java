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
    void rejectsADayCountWithinTheWindow() {
        CliRun run = CliRun.run(directory, Map.of(), "bench", "window", "--days", "3", "--window", "5");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("need days > window >= 1, events per day >= 1 and members >= 1");
    }
}
