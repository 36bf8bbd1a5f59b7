package dev.almanac.core.generate;

import static dev.almanac.core.generate.GeneratedFiles.contents;
import static dev.almanac.core.generate.GeneratedFiles.files;
import static dev.almanac.core.generate.GeneratedFiles.gzipLines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.almanac.spi.AlmanacException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestKhanGenerator {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final List<String> FIELDS = List.of(
            "user",
            "exercise",
            "time_taken",
            "correct",
            "earned_proficiency",
            "time_done",
            "problem_number",
            "hint_used",
            "count_attempts");
    private static final Pattern KEY = Pattern.compile("ag5zfmtoYW4tYWNhZGVteXI[A-Za-z0-9_-]+");

    @TempDir
    Path directory;

    @Test
    void sameOptionsGiveIdenticalFilesAndAnotherSeedDoesNot() {
        GenerationSummary first = generate("first", 2, 500, 42, 0.02);
        GenerationSummary second = generate("second", 2, 500, 42, 0.02);
        generate("other", 2, 500, 7, 0.02);

        TreeMap<String, byte[]> firstFiles = contents(directory.resolve("first"));
        TreeMap<String, byte[]> secondFiles = contents(directory.resolve("second"));
        assertThat(secondFiles.keySet()).isEqualTo(firstFiles.keySet());
        for (String file : firstFiles.keySet()) {
            assertThat(secondFiles.get(file)).as(file).isEqualTo(firstFiles.get(file));
        }
        assertThat(second).isEqualTo(first);
        String noon = "entity_store/ProblemLog/2024-01-01/ProblemLog-2024-01-01-12.gz";
        assertThat(contents(directory.resolve("other")).get(noon)).isNotEqualTo(firstFiles.get(noon));
    }

    @Test
    void writesOneFilePerHourWithEveryEventOfTheDay() {
        GenerationSummary summary = generate("out", 2, 500, 42, 0.05);
        Path out = directory.resolve("out");

        List<Path> hours = files(out);
        assertThat(hours).hasSize(48);
        assertThat(out.relativize(hours.get(0)).toString())
                .isEqualTo("entity_store/ProblemLog/2024-01-01/ProblemLog-2024-01-01-00.gz");
        assertThat(out.relativize(hours.get(47)).toString())
                .isEqualTo("entity_store/ProblemLog/2024-01-02/ProblemLog-2024-01-02-23.gz");
        long good = 0;
        long bad = 0;
        for (Path hour : hours) {
            for (byte[] line : gzipLines(hour)) {
                if (entity(line).isPresent()) {
                    good++;
                } else {
                    bad++;
                }
            }
        }
        assertThat(good).isEqualTo(2 * 500);
        assertThat(bad).isPositive();
        assertThat((double) bad / (good + bad)).isBetween(0.02, 0.09);
        assertThat(summary).isEqualTo(new GenerationSummary(48, good, bad, GeneratedFiles.totalSize(out)));
    }

    @Test
    void linesAreKeysWithTheEntityStateDoneInTheirHour() {
        generate("out", 1, 1000, 42, 0);

        for (Path hour : files(directory.resolve("out"))) {
            String name = hour.getFileName().toString();
            String prefix = name.substring("ProblemLog-".length(), name.length() - ".gz".length());
            Set<String> keys = new HashSet<>();
            List<byte[]> lines = gzipLines(hour);
            assertThat(lines).as(name).isNotEmpty();
            for (byte[] line : lines) {
                Entity entity = entity(line).orElseThrow();
                assertThat(entity.key()).matches(KEY);
                assertThat(new String(Base64.getUrlDecoder().decode(entity.key()), StandardCharsets.ISO_8859_1))
                        .contains("s~khan-academy", "ProblemLog");
                assertThat(keys.add(entity.key()))
                        .as("key once per hour: " + entity.key())
                        .isTrue();
                for (String field : FIELDS) {
                    assertThat(entity.json().has(field))
                            .as(field + " in " + entity.json())
                            .isTrue();
                }
                String timeDone = entity.json().get("time_done").asText();
                assertThat(timeDone.substring(0, 13).replace('T', '-')).isEqualTo(prefix);
                assertThat(timeDone).endsWith("Z");
            }
        }
    }

    @Test
    void aboutOneLineInFiveUpdatesAnEntityFromAnEarlierHour() {
        generate("out", 2, 2000, 42, 0);

        Map<String, JsonNode> latest = new HashMap<>();
        int lines = 0;
        int repeats = 0;
        for (Path hour : files(directory.resolve("out"))) {
            for (byte[] line : gzipLines(hour)) {
                Entity entity = entity(line).orElseThrow();
                JsonNode json = entity.json();
                JsonNode previous = latest.put(entity.key(), json);
                lines++;
                if (previous == null) {
                    continue;
                }
                repeats++;
                assertThat(json.get("user")).isEqualTo(previous.get("user"));
                assertThat(json.get("exercise")).isEqualTo(previous.get("exercise"));
                assertThat(json.get("problem_number")).isEqualTo(previous.get("problem_number"));
                assertThat(json.get("count_attempts").asInt())
                        .isGreaterThan(previous.get("count_attempts").asInt());
                assertThat(json.get("time_taken").asInt())
                        .isGreaterThan(previous.get("time_taken").asInt());
                assertThat(json.get("time_done").asText())
                        .isGreaterThan(previous.get("time_done").asText());
            }
        }
        assertThat((double) repeats / lines).isBetween(0.15, 0.25);
    }

    @Test
    void badLinesLackTheTabOrHoldBrokenJson() {
        generate("out", 1, 2000, 42, 0.1);

        List<String> bad = new ArrayList<>();
        for (Path hour : files(directory.resolve("out"))) {
            for (byte[] line : gzipLines(hour)) {
                if (entity(line).isEmpty()) {
                    bad.add(new String(line, StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(bad).anySatisfy(line -> assertThat(line).doesNotContain("\t"));
        assertThat(bad).anySatisfy(line -> assertThat(line).contains("\t"));
    }

    @Test
    void refusesToWriteOverEarlierOutput() {
        generate("out", 1, 100, 42, 0);
        Path folder = directory.resolve("out").resolve("entity_store/ProblemLog");

        assertThatThrownBy(() -> generate("out", 1, 100, 42, 0))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Output folder " + folder + " already exists and is not empty; delete it or choose another"
                        + " output directory");
    }

    private GenerationSummary generate(String name, int days, int events, long seed, double badRate) {
        return new KhanGenerator()
                .generate(new GeneratorOptions(directory.resolve(name), START, days, events, 2, 100, seed, badRate));
    }

    private static Optional<Entity> entity(byte[] line) {
        Optional<String> text = GeneratedFiles.utf8(line);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        int tab = text.get().indexOf('\t');
        if (tab < 0) {
            return Optional.empty();
        }
        String key = text.get().substring(0, tab);
        return GeneratedFiles.object(text.get().substring(tab + 1)).map(json -> new Entity(key, json));
    }

    private record Entity(String key, JsonNode json) {}
}
