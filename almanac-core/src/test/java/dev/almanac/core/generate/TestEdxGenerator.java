package dev.almanac.core.generate;

import static dev.almanac.core.generate.GeneratedFiles.contents;
import static dev.almanac.core.generate.GeneratedFiles.files;
import static dev.almanac.core.generate.GeneratedFiles.gzipLines;
import static dev.almanac.core.generate.GeneratedFiles.textLines;
import static dev.almanac.core.generate.GeneratedFiles.trackingEvent;
import static java.time.format.DateTimeFormatter.BASIC_ISO_DATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.almanac.spi.AlmanacException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestEdxGenerator {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final List<String> ENVELOPE = List.of(
            "username",
            "event_type",
            "time",
            "event_source",
            "context",
            "event",
            "agent",
            "ip",
            "host",
            "page",
            "referer",
            "accept_language",
            "session");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}\\+00:00");
    private static final Pattern SQL_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
    private static final List<String> TIME_COLUMNS =
            List.of("last_login", "date_joined", "created", "modified", "created_date", "modified_date");
    private static final Pattern CLASSIC_COURSE = Pattern.compile("[^/:+]+/[^/]+/[^/]+");
    private static final Map<String, List<String>> TABLES = Map.of(
            "auth_user", SqlExportWriter.AUTH_USER,
            "auth_userprofile", SqlExportWriter.AUTH_USERPROFILE,
            "student_courseenrollment", SqlExportWriter.STUDENT_COURSEENROLLMENT,
            "certificates_generatedcertificate", SqlExportWriter.CERTIFICATES_GENERATEDCERTIFICATE,
            "courseware_studentmodule", SqlExportWriter.COURSEWARE_STUDENTMODULE);

    @TempDir
    Path directory;

    @Test
    void sameOptionsGiveIdenticalFilesAndAnotherSeedDoesNot() {
        GenerationSummary first = generate("first", 2, 500, 3, 42, 0.02);
        GenerationSummary second = generate("second", 2, 500, 3, 42, 0.02);
        generate("other", 2, 500, 3, 43, 0.02);

        TreeMap<String, byte[]> firstFiles = contents(directory.resolve("first"));
        TreeMap<String, byte[]> secondFiles = contents(directory.resolve("second"));
        assertThat(secondFiles.keySet()).isEqualTo(firstFiles.keySet());
        for (String file : firstFiles.keySet()) {
            assertThat(secondFiles.get(file)).as(file).isEqualTo(firstFiles.get(file));
        }
        assertThat(second).isEqualTo(first);
        TreeMap<String, byte[]> otherFiles = contents(directory.resolve("other"));
        assertThat(otherFiles.get("tracking/tracking.log-20240101.gz"))
                .isNotEqualTo(firstFiles.get("tracking/tracking.log-20240101.gz"));
    }

    @Test
    void writesDailyLogsWeeklyExportsAndSurveys() {
        generate("out", 9, 300, 3, 42, 0);
        Path out = directory.resolve("out");

        List<String> names =
                files(out).stream().map(file -> out.relativize(file).toString()).toList();
        assertThat(names)
                .filteredOn(name -> name.startsWith("tracking/"))
                .containsExactly(
                        "tracking/tracking.log-20240101.gz",
                        "tracking/tracking.log-20240102.gz",
                        "tracking/tracking.log-20240103.gz",
                        "tracking/tracking.log-20240104.gz",
                        "tracking/tracking.log-20240105.gz",
                        "tracking/tracking.log-20240106.gz",
                        "tracking/tracking.log-20240107.gz",
                        "tracking/tracking.log-20240108.gz",
                        "tracking/tracking.log-20240109.gz");
        assertThat(names)
                .filteredOn(name -> name.startsWith("sql/"))
                .hasSize(2 * 3 * 5)
                .contains(
                        "sql/2024-01-01/MITx-6.002x-2013_Spring-auth_user-prod-analytics.sql",
                        "sql/2024-01-08/HarvardX-CS50-2024-courseware_studentmodule-prod-analytics.sql",
                        "sql/2024-01-08/HarvardX-PH525x-1T2014-certificates_generatedcertificate-prod-analytics.sql");
        assertThat(names)
                .filteredOn(name -> name.startsWith("surveys/"))
                .containsExactly(
                        "surveys/HarvardX-CS50-2024-survey-1.csv",
                        "surveys/MITx-6.002x-2013_Spring-survey-1.csv",
                        "surveys/MITx-6.002x-2013_Spring-survey-2.csv");
    }

    @Test
    void summaryCountsWhatIsInTheFiles() {
        GenerationSummary summary = generate("out", 2, 500, 3, 42, 0.05);
        Path out = directory.resolve("out");

        long bad = 0;
        for (Path log : files(out.resolve("tracking"))) {
            List<byte[]> lines = gzipLines(log);
            long good = lines.stream()
                    .filter(line -> trackingEvent(line).isPresent())
                    .count();
            assertThat(good).as(log.toString()).isEqualTo(500);
            bad += lines.size() - good;
        }
        long rows = 0;
        for (Path file : files(out.resolve("sql"))) {
            rows += textLines(file).size() - 1;
        }
        for (Path file : files(out.resolve("surveys"))) {
            rows += textLines(file).size() - 1;
        }
        assertThat(bad).isPositive();
        assertThat(summary)
                .isEqualTo(
                        new GenerationSummary(files(out).size(), 2 * 500 + rows, bad, GeneratedFiles.totalSize(out)));
    }

    @Test
    void goodLinesAreCompleteTrackingEvents() {
        generate("out", 2, 3000, 4, 42, 0.02);
        Path out = directory.resolve("out");

        Set<String> eventTypes = new HashSet<>();
        Set<String> courseIds = new TreeSet<>();
        int blankUsernames = 0;
        for (Path log : files(out.resolve("tracking"))) {
            String name = log.getFileName().toString();
            String date = name.substring("tracking.log-".length(), name.length() - ".gz".length());
            LocalDate day = LocalDate.parse(date, BASIC_ISO_DATE);
            String previous = "";
            int onDay = 0;
            int good = 0;
            for (byte[] line : gzipLines(log)) {
                Optional<JsonNode> parsed = trackingEvent(line);
                if (parsed.isEmpty()) {
                    continue;
                }
                JsonNode event = parsed.get();
                good++;
                for (String field : ENVELOPE) {
                    assertThat(event.has(field)).as(field + " in " + event).isTrue();
                }
                String time = event.get("time").asText();
                assertThat(time).matches(TIME);
                assertThat(time).isGreaterThanOrEqualTo(previous);
                previous = time;
                LocalDate eventDay = OffsetDateTime.parse(time).toLocalDate();
                assertThat(eventDay).isBetween(day.minusDays(1), day.plusDays(1));
                onDay += eventDay.equals(day) ? 1 : 0;
                JsonNode context = event.get("context");
                assertThat(context.isObject()).isTrue();
                assertThat(context.has("course_id")
                                && context.has("org_id")
                                && context.has("path")
                                && context.has("user_id"))
                        .as(context.toString())
                        .isTrue();
                String source = event.get("event_source").asText();
                assertThat(source).isIn("server", "browser", "mobile");
                JsonNode payload = event.get("event");
                if (source.equals("browser")) {
                    assertThat(payload.isTextual()).as(event.toString()).isTrue();
                    assertThat(GeneratedFiles.object(payload.asText()))
                            .as(payload.asText())
                            .isPresent();
                } else {
                    assertThat(payload.isObject()).as(event.toString()).isTrue();
                }
                String username = event.get("username").asText();
                if (username.isEmpty()) {
                    blankUsernames++;
                    assertThat(context.get("user_id").isNull()).isTrue();
                } else {
                    assertThat(context.get("user_id").isIntegralNumber()).isTrue();
                }
                if (!context.get("course_id").asText().isEmpty()) {
                    courseIds.add(context.get("course_id").asText());
                }
                String eventType = event.get("event_type").asText();
                boolean courseware = eventType.startsWith("/courses/") && eventType.contains("/courseware/");
                eventTypes.add(courseware ? "courseware" : eventType);
                assertPayload(
                        eventType,
                        source.equals("browser")
                                ? GeneratedFiles.object(payload.asText()).get()
                                : payload);
            }
            assertThat(onDay).as(log.toString()).isGreaterThan(good * 9 / 10);
        }
        assertThat(blankUsernames).isPositive();
        assertThat(courseIds).hasSize(4);
        assertThat(courseIds).filteredOn(id -> id.startsWith("course-v1:")).hasSize(2);
        assertThat(courseIds)
                .filteredOn(id -> CLASSIC_COURSE.matcher(id).matches())
                .hasSize(2);
        assertThat(eventTypes)
                .contains(
                        "problem_check",
                        "problem_check_fail",
                        "showanswer",
                        "play_video",
                        "pause_video",
                        "seek_video",
                        "stop_video",
                        "speed_change_video",
                        "load_video",
                        "show_transcript",
                        "seq_goto",
                        "seq_next",
                        "seq_prev",
                        "page_close",
                        "edx.course.enrollment.activated",
                        "edx.course.enrollment.deactivated",
                        "edx.course.enrollment.mode_changed",
                        "edx.forum.thread.created",
                        "edx.forum.response.created",
                        "edx.forum.comment.created",
                        "courseware");
    }

    private static void assertPayload(String eventType, JsonNode payload) {
        List<String> fields = switch (eventType) {
            case "problem_check" -> List.of("grade", "max_grade", "attempts", "correct_map", "success", "problem_id");
            case "problem_check_fail" -> List.of("answers", "failure", "problem_id", "state");
            case "showanswer" -> List.of("problem_id");
            case "play_video", "pause_video", "stop_video", "show_transcript" -> List.of("id", "currentTime", "code");
            case "seek_video" -> List.of("id", "old_time", "new_time", "code");
            case "speed_change_video" -> List.of("id", "current_time", "old_speed", "new_speed", "code");
            case "load_video" -> List.of("id", "code");
            case "seq_goto", "seq_next", "seq_prev" -> List.of("id", "old", "new");
            case "edx.course.enrollment.activated",
                    "edx.course.enrollment.deactivated",
                    "edx.course.enrollment.mode_changed" -> List.of("user_id", "course_id", "mode");
            case "edx.forum.thread.created" -> List.of("id", "title", "body", "commentable_id");
            case "edx.forum.response.created" -> List.of("id", "body", "discussion");
            case "edx.forum.comment.created" -> List.of("id", "body", "discussion", "response");
            default -> List.of();
        };
        for (String field : fields) {
            assertThat(payload.has(field))
                    .as(field + " in " + eventType + " " + payload)
                    .isTrue();
        }
    }

    @Test
    void badLinesFollowTheRate() {
        generate("out", 2, 2000, 3, 42, 0.1);
        generate("clean", 2, 2000, 3, 42, 0);

        int lines = 0;
        int invalidUtf8 = 0;
        int notObjects = 0;
        int truncated = 0;
        for (Path log : files(directory.resolve("out").resolve("tracking"))) {
            for (byte[] line : gzipLines(log)) {
                lines++;
                Optional<String> text = GeneratedFiles.utf8(line);
                if (text.isEmpty()) {
                    invalidUtf8++;
                } else if (GeneratedFiles.object(text.get()).isEmpty()) {
                    if (text.get().startsWith("{")) {
                        truncated++;
                    } else {
                        notObjects++;
                    }
                }
            }
        }
        int bad = invalidUtf8 + notObjects + truncated;
        assertThat((double) bad / lines).isBetween(0.08, 0.12);
        assertThat(invalidUtf8).isPositive();
        assertThat(notObjects).isPositive();
        assertThat(truncated).isPositive();
        for (Path log : files(directory.resolve("clean").resolve("tracking"))) {
            assertThat(gzipLines(log))
                    .allSatisfy(line -> assertThat(trackingEvent(line)).isPresent());
        }
    }

    @Test
    void badLinesDoNotChangeTheGoodOnes() {
        generate("dirty", 2, 500, 3, 42, 0.2);
        generate("clean", 2, 500, 3, 42, 0);

        for (String day : List.of("20240101", "20240102")) {
            Path name = Path.of("tracking", "tracking.log-" + day + ".gz");
            List<String> dirty = goodLines(directory.resolve("dirty").resolve(name));
            assertThat(dirty).isEqualTo(goodLines(directory.resolve("clean").resolve(name)));
        }
    }

    private static List<String> goodLines(Path log) {
        return gzipLines(log).stream()
                .filter(line -> trackingEvent(line).isPresent())
                .map(line -> new String(line, StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void learnersEnrollBeforeTheirFirstActivityInACourse() {
        generate("out", 9, 500, 3, 42, 0);

        Map<String, String> firstEventType = new HashMap<>();
        for (JsonNode event : events(directory.resolve("out"))) {
            JsonNode context = event.get("context");
            if (context.get("user_id").isNull()
                    || context.get("course_id").asText().isEmpty()) {
                continue;
            }
            firstEventType.putIfAbsent(
                    context.get("user_id").asText() + " "
                            + context.get("course_id").asText(),
                    event.get("event_type").asText());
        }
        assertThat(firstEventType).isNotEmpty();
        assertThat(firstEventType.values()).containsOnly("edx.course.enrollment.activated");
    }

    @Test
    void enrollmentExportsAgreeWithEnrollmentEvents() {
        generate("out", 9, 500, 3, 42, 0);
        Path out = directory.resolve("out");
        List<JsonNode> enrollmentEvents = events(out).stream()
                .filter(event -> event.get("event_type").asText().startsWith("edx.course.enrollment."))
                .toList();

        List<Path> snapshots = files(out.resolve("sql"), "student_courseenrollment-prod-analytics.sql").stream()
                .map(Path::getParent)
                .distinct()
                .toList();
        assertThat(snapshots)
                .extracting(path -> path.getFileName().toString())
                .containsExactly("2024-01-01", "2024-01-08");
        for (Path snapshot : snapshots) {
            String cutoff = LocalDate.parse(snapshot.getFileName().toString()).plusDays(1) + "T00:00:00";
            Map<String, List<String>> expected = new TreeMap<>();
            for (JsonNode event : enrollmentEvents) {
                if (event.get("time").asText().compareTo(cutoff) >= 0) {
                    continue;
                }
                JsonNode payload = event.get("event");
                String key = payload.get("user_id").asText() + "\t"
                        + payload.get("course_id").asText();
                String created = event.get("time").asText().substring(0, 19).replace('T', ' ');
                switch (event.get("event_type").asText()) {
                    case "edx.course.enrollment.activated" -> {
                        List<String> previous = expected.get(key);
                        String first = previous == null ? created : previous.get(0);
                        expected.put(
                                key, List.of(first, "1", payload.get("mode").asText()));
                    }
                    case "edx.course.enrollment.deactivated" ->
                        expected.put(
                                key,
                                List.of(
                                        expected.get(key).get(0),
                                        "0",
                                        expected.get(key).get(2)));
                    default ->
                        expected.put(
                                key,
                                List.of(
                                        expected.get(key).get(0),
                                        expected.get(key).get(1),
                                        payload.get("mode").asText()));
                }
            }
            Map<String, List<String>> exported = new TreeMap<>();
            Set<String> enrolledUsers = new TreeSet<>();
            Set<String> exportedUsers = new TreeSet<>();
            for (Path file : files(snapshot)) {
                List<List<String>> rows = tsv(file);
                String name = file.getFileName().toString();
                if (name.endsWith("-student_courseenrollment-prod-analytics.sql")) {
                    for (List<String> row : rows) {
                        exported.put(row.get(1) + "\t" + row.get(2), List.of(row.get(3), row.get(4), row.get(5)));
                        enrolledUsers.add(name + " " + row.get(1));
                    }
                }
                if (name.endsWith("-auth_user-prod-analytics.sql")) {
                    for (List<String> row : rows) {
                        exportedUsers.add(name.replace("-auth_user-", "-student_courseenrollment-") + " " + row.get(0));
                    }
                }
            }
            assertThat(exported).as(snapshot.toString()).isNotEmpty().isEqualTo(expected);
            assertThat(exportedUsers).isEqualTo(enrolledUsers);
        }
    }

    @Test
    void exportsAreTabSeparatedWithTheEdxColumns() {
        generate("out", 2, 1000, 3, 42, 0);

        boolean sawNull = false;
        Map<String, Integer> rowsByTable = new TreeMap<>();
        for (Path file : files(directory.resolve("out").resolve("sql"))) {
            String name = file.getFileName().toString();
            String table = name.replaceAll("^.*-(\\w+)-prod-analytics\\.sql$", "$1");
            List<String> header = TABLES.get(table);
            assertThat(header).as(name).isNotNull();
            List<String> lines = textLines(file);
            assertThat(List.of(lines.get(0).split("\t"))).as(name).isEqualTo(header);
            rowsByTable.merge(table, lines.size() - 1, Integer::sum);
            for (List<String> row : tsv(file)) {
                assertThat(row).as(name).hasSameSizeAs(header);
                sawNull |= row.contains("NULL");
                for (String column : TIME_COLUMNS) {
                    int index = header.indexOf(column);
                    if (index >= 0) {
                        assertThat(row.get(index)).as(name + " " + column).matches(SQL_TIME);
                    }
                }
                if (table.equals("courseware_studentmodule")) {
                    assertThat(GeneratedFiles.object(row.get(header.indexOf("state"))))
                            .as(row.toString())
                            .isPresent();
                }
            }
        }
        assertThat(sawNull).isTrue();
        assertThat(rowsByTable)
                .containsOnlyKeys(TABLES.keySet())
                .allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
    }

    @Test
    void surveysAskDifferentQuestions() {
        generate("out", 7, 500, 3, 42, 0);

        List<Path> surveys = files(directory.resolve("out").resolve("surveys"));
        assertThat(surveys).hasSize(3);
        Set<List<String>> headers = new HashSet<>();
        boolean quotedComma = false;
        for (Path survey : surveys) {
            List<String> lines = textLines(survey);
            List<String> header = csv(lines.get(0));
            headers.add(header);
            assertThat(header).startsWith("user_id", "submitted_at");
            assertThat(lines).as(survey.toString()).hasSizeGreaterThan(1);
            for (String line : lines.subList(1, lines.size())) {
                assertThat(csv(line)).as(line).hasSameSizeAs(header);
                quotedComma |= csv(line).stream().anyMatch(value -> value.contains(","));
            }
        }
        assertThat(headers).hasSize(3);
        assertThat(csv(textLines(surveys.get(1)).get(0))).contains("age_range").doesNotContain("prior_experience");
        assertThat(csv(textLines(surveys.get(2)).get(0)))
                .contains("prior_experience")
                .doesNotContain("age_range");
        assertThat(quotedComma).isTrue();
    }

    @Test
    void snapshotsAreTakenEverySevenDaysFromTheStart() {
        assertThat(EdxGenerator.snapshotDates(options(directory, 1, 10, 1, 42, 0)))
                .containsExactly(START);
        assertThat(EdxGenerator.snapshotDates(options(directory, 7, 10, 1, 42, 0)))
                .containsExactly(START);
        assertThat(EdxGenerator.snapshotDates(options(directory, 15, 10, 1, 42, 0)))
                .containsExactly(START, START.plusDays(7), START.plusDays(14));
    }

    @Test
    void oneLearnerInOneCourseIsEnough() {
        GenerationSummary summary =
                new EdxGenerator().generate(new GeneratorOptions(directory.resolve("tiny"), START, 1, 50, 1, 1, 42, 0));

        assertThat(gzipLines(directory.resolve("tiny/tracking/tracking.log-20240101.gz")))
                .hasSize(50);
        assertThat(files(directory.resolve("tiny/surveys"))).hasSize(2);
        assertThat(summary.files()).isEqualTo(1 + 5 + 2);
    }

    @Test
    void refusesToWriteOverEarlierOutput() throws Exception {
        generate("out", 1, 100, 1, 42, 0);
        Path out = directory.resolve("out");

        assertThatThrownBy(() -> generate("out", 1, 100, 1, 42, 0))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Output folder " + out.resolve("tracking")
                        + " already exists and is not empty; delete it or" + " choose another output directory");
        Path file = Files.writeString(directory.resolve("file"), "x");
        assertThatThrownBy(() -> new EdxGenerator().generate(options(file, 1, 100, 1, 42, 0)))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Output path " + file + " is a file; choose a directory to write into");
    }

    private GenerationSummary generate(String name, int days, int events, int courses, long seed, double badRate) {
        return new EdxGenerator().generate(options(directory.resolve(name), days, events, courses, seed, badRate));
    }

    private static GeneratorOptions options(Path out, int days, int events, int courses, long seed, double badRate) {
        return new GeneratorOptions(out, START, days, events, courses, 200, seed, badRate);
    }

    /** The good events of every tracking log, in time order, browser payloads parsed. */
    private static List<JsonNode> events(Path out) {
        List<JsonNode> events = new ArrayList<>();
        for (Path log : files(out.resolve("tracking"))) {
            for (byte[] line : gzipLines(log)) {
                trackingEvent(line).ifPresent(events::add);
            }
        }
        events.sort(Comparator.comparing(event -> event.get("time").asText()));
        return events;
    }

    private static List<List<String>> tsv(Path file) {
        List<String> lines = textLines(file);
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            rows.add(List.of(line.split("\t", -1)));
        }
        return rows;
    }

    /** One CSV record without line breaks in values. */
    private static List<String> csv(String line) {
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    value.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    value.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                values.add(value.toString());
                value.setLength(0);
            } else {
                value.append(c);
            }
        }
        values.add(value.toString());
        return values;
    }
}
