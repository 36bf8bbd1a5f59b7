package dev.almanac.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestIngestBenchCommand {
    @TempDir
    Path directory;

    @Test
    void printsEveryRoundAndTheMediansOfBothSidesWithTheirRatesAndTheRatios() {
        CliRun run =
                CliRun.run(directory, Map.of(), "bench", "ingest", "--events", "3000", "--days", "3", "--runs", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).containsPattern("input: 3,000 events, 3 files, [0-9.]+ MB gzip, [0-9.]+ MB JSON text");
        for (int round = 1; round <= 2; round++) {
            assertThat(run.out())
                    .containsPattern("round " + round + ": ceiling [0-9.]+ s wall [0-9.]+ s cpu, almanac [0-9.]+ s wall"
                            + " [0-9.]+ s cpu, ratio [0-9.]+");
        }
        assertThat(run.out()).doesNotContain("round 3:").contains("medians of 2 rounds:");
        assertThat(run.out())
                .containsPattern("duckdb read_json -> parquet \\(ceiling\\) +[0-9.]+ s wall +[0-9.]+ s cpu .* MB/s");
        assertThat(run.out()).containsPattern("almanac ingest \\(end to end\\) +[0-9.]+ s wall +[0-9.]+ s cpu .* MB/s");
        // every generated event is valid, so every one lands
        assertThat(run.out()).contains("rows loaded: 3,000");
        assertThat(run.out()).containsPattern("system load average \\(1 min\\): -?[0-9.]+ before, -?[0-9.]+ after");
        assertThat(run.out())
                .containsPattern("ratio almanac/ceiling: [0-9.]+ \\(goal: 0.70\\); cpu ratio ceiling/almanac: [0-9.]+");
    }

    @Test
    void rejectsFewerThanOneRun() {
        CliRun run = CliRun.run(directory, Map.of(), "bench", "ingest", "--events", "30", "--days", "3", "--runs", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("need at least one run, not 0");
    }

    @Test
    void rejectsFewerEventsThanDays() {
        CliRun run = CliRun.run(directory, Map.of(), "bench", "ingest", "--events", "2", "--days", "3");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("need at least one day and at least one event per day, not 2 events over 3 days");
    }
}
