package dev.almanac.core.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes course surveys as CSV. As in real surveys, the questions differ between courses and
 * between rounds of the same course, and free-text answers contain commas and quotes.
 */
final class SurveyWriter {
    private static final List<String> AGE_RANGES = List.of("18-24", "25-34", "35-44", "45-54", "55+", "");
    private static final List<String> MOTIVATIONS = List.of(
            "Career change, new job",
            "Personal interest",
            "Required for work",
            "Degree credit",
            "My friend said it was \"the best course\"",
            "");
    private static final List<String> EXPERIENCE = List.of("None", "Some", "A lot");
    private static final List<String> COMMENTS = List.of(
            "",
            "",
            "Great course, thanks!",
            "Too much math, not enough examples",
            "The videos were \"okay\", the problems great",
            "Longer deadlines, please");

    private final Path folder;
    private final Map<Long, Learner> learners;
    private final ExportState state;
    private final long endMicros;
    private final Tally tally;

    SurveyWriter(Path folder, Map<Long, Learner> learners, ExportState state, long endMicros, Tally tally) {
        this.folder = folder;
        this.learners = Map.copyOf(learners);
        this.state = state;
        this.endMicros = endMicros;
        this.tally = tally;
    }

    /** Two rounds for the first course and, with two or more courses, one for the second. */
    void write(List<Course> courses, SplittableRandom random) {
        Course first = courses.get(0);
        survey(
                first,
                1,
                List.of("user_id", "submitted_at", "age_range", "motivation"),
                10 * Timestamps.MINUTE,
                2 * Timestamps.DAY,
                random,
                (learner, answers) -> {
                    answers.add(RandomText.pick(random, AGE_RANGES));
                    answers.add(RandomText.pick(random, MOTIVATIONS));
                });
        survey(
                first,
                2,
                List.of("user_id", "submitted_at", "motivation", "prior_experience", "hours_per_week"),
                Timestamps.DAY,
                5 * Timestamps.DAY,
                random,
                (learner, answers) -> {
                    answers.add(RandomText.pick(random, MOTIVATIONS));
                    answers.add(RandomText.pick(random, EXPERIENCE));
                    answers.add(Integer.toString(1 + random.nextInt(20)));
                });
        if (courses.size() > 1) {
            survey(
                    courses.get(1),
                    1,
                    List.of("user_id", "submitted_at", "country", "prior_experience", "would_recommend", "comments"),
                    Timestamps.HOUR,
                    3 * Timestamps.DAY,
                    random,
                    (learner, answers) -> {
                        answers.add(learner.profile().country());
                        answers.add(RandomText.pick(random, EXPERIENCE));
                        answers.add(random.nextInt(4) == 0 ? "No" : "Yes");
                        answers.add(RandomText.pick(random, COMMENTS));
                    });
        }
    }

    private void survey(
            Course course,
            int round,
            List<String> header,
            long earliest,
            long latest,
            SplittableRandom random,
            Answers answers) {
        List<Response> responses = new ArrayList<>();
        for (EnrollmentRow enrollment : state.enrollments(course.index())) {
            if (random.nextInt(100) >= 35) {
                continue;
            }
            long submitted = enrollment.createdMicros() + earliest + random.nextLong(latest - earliest);
            List<String> row = new ArrayList<>();
            row.add(Long.toString(enrollment.userId()));
            row.add(Timestamps.sql(submitted));
            answers.fill(learners.get(enrollment.userId()), row);
            if (submitted < endMicros) {
                responses.add(new Response(submitted, enrollment.userId(), row));
            }
        }
        responses.sort(Comparator.comparingLong(Response::submitted).thenComparingLong(Response::userId));
        Path path = folder.resolve(course.slug() + "-survey-" + round + ".csv");
        long rows;
        try (CsvWriter csv = CsvWriter.open(path, header)) {
            for (Response response : responses) {
                csv.row(response.row());
            }
            rows = csv.rows();
        }
        tally.add(path, rows, 0);
    }

    private interface Answers {
        void fill(Learner learner, List<String> row);
    }

    private record Response(long submitted, long userId, List<String> row) {}
}
