package dev.almanac.core.generate;

import dev.almanac.core.generate.Learner.Profile;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeSet;

/**
 * Writes one weekly snapshot of the edX database exports: per course, the five tables as
 * {@code <org>-<course>-<run>-<table>-prod-analytics.sql} in a folder named for the snapshot date.
 */
final class SqlExportWriter {
    static final List<String> AUTH_USER = List.of(
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "password",
            "is_staff",
            "is_active",
            "is_superuser",
            "last_login",
            "date_joined");
    static final List<String> AUTH_USERPROFILE = List.of(
            "id",
            "user_id",
            "name",
            "language",
            "location",
            "meta",
            "courseware",
            "gender",
            "mailing_address",
            "year_of_birth",
            "level_of_education",
            "goals",
            "allow_certificate",
            "country",
            "city",
            "bio",
            "profile_image_uploaded_at");
    static final List<String> STUDENT_COURSEENROLLMENT =
            List.of("id", "user_id", "course_id", "created", "is_active", "mode");
    static final List<String> CERTIFICATES_GENERATEDCERTIFICATE = List.of(
            "id",
            "user_id",
            "download_url",
            "grade",
            "course_id",
            "key",
            "distinction",
            "status",
            "verify_uuid",
            "download_uuid",
            "name",
            "created_date",
            "modified_date",
            "error_reason",
            "mode");
    static final List<String> COURSEWARE_STUDENTMODULE = List.of(
            "id",
            "module_type",
            "module_id",
            "student_id",
            "state",
            "grade",
            "created",
            "modified",
            "max_grade",
            "done",
            "course_id");

    private static final String CERTIFICATES = "https://" + TrackingLines.HOST + "/certificates/";

    private final Path root;
    private final List<Course> courses;
    private final Map<Long, Learner> learners;
    private final ExportState state;
    private final long seed;
    private final Tally tally;

    SqlExportWriter(
            Path root, List<Course> courses, Map<Long, Learner> learners, ExportState state, long seed, Tally tally) {
        this.root = root;
        this.courses = List.copyOf(courses);
        this.learners = Map.copyOf(learners);
        this.state = state;
        this.seed = seed;
        this.tally = tally;
    }

    /** Writes the snapshot from the state, which must have been advanced to {@code cutoff}. */
    void write(LocalDate snapshot, long cutoff) {
        Path folder = root.resolve(snapshot.toString());
        for (Course course : courses) {
            List<EnrollmentRow> enrollments = state.enrollments(course.index());
            TreeSet<Long> users = new TreeSet<>();
            for (EnrollmentRow enrollment : enrollments) {
                users.add(enrollment.userId());
            }
            writeUsers(file(folder, course, "auth_user"), users);
            writeProfiles(file(folder, course, "auth_userprofile"), users);
            writeEnrollments(file(folder, course, "student_courseenrollment"), course, enrollments);
            writeCertificates(file(folder, course, "certificates_generatedcertificate"), course, enrollments, cutoff);
            writeModules(file(folder, course, "courseware_studentmodule"), course);
        }
    }

    private static Path file(Path folder, Course course, String table) {
        return folder.resolve(course.slug() + "-" + table + "-prod-analytics.sql");
    }

    private void writeUsers(Path path, TreeSet<Long> users) {
        long rows;
        try (TsvWriter tsv = TsvWriter.open(path, AUTH_USER)) {
            for (long userId : users) {
                Learner learner = learners.get(userId);
                long lastLogin = state.lastLogin(userId).orElse(learner.joinedMicros());
                tsv.row(
                        learner.id(),
                        learner.username(),
                        "",
                        "",
                        learner.email(),
                        learner.password(),
                        0,
                        1,
                        0,
                        Timestamps.sql(lastLogin),
                        Timestamps.sql(learner.joinedMicros()));
            }
            rows = tsv.rows();
        }
        tally.add(path, rows, 0);
    }

    private void writeProfiles(Path path, TreeSet<Long> users) {
        long rows;
        try (TsvWriter tsv = TsvWriter.open(path, AUTH_USERPROFILE)) {
            for (long userId : users) {
                Profile profile = learners.get(userId).profile();
                Optional<Integer> yearOfBirth = profile.yearOfBirth().isPresent()
                        ? Optional.of(profile.yearOfBirth().getAsInt())
                        : Optional.empty();
                tsv.row(
                        profile.id(),
                        userId,
                        profile.name(),
                        profile.language(),
                        "",
                        "",
                        "course.xml",
                        profile.gender(),
                        profile.mailingAddress(),
                        yearOfBirth,
                        profile.levelOfEducation(),
                        profile.goals(),
                        1,
                        profile.country(),
                        profile.city(),
                        Optional.empty(),
                        Optional.empty());
            }
            rows = tsv.rows();
        }
        tally.add(path, rows, 0);
    }

    private void writeEnrollments(Path path, Course course, List<EnrollmentRow> enrollments) {
        long rows;
        try (TsvWriter tsv = TsvWriter.open(path, STUDENT_COURSEENROLLMENT)) {
            for (EnrollmentRow enrollment : enrollments) {
                tsv.row(
                        enrollment.id(),
                        enrollment.userId(),
                        course.id(),
                        Timestamps.sql(enrollment.createdMicros()),
                        enrollment.active() ? 1 : 0,
                        enrollment.mode());
            }
            rows = tsv.rows();
        }
        tally.add(path, rows, 0);
    }

    /**
     * Certificates go to about half of the learners who answered a problem, some hours to two days
     * after they enrolled; the choice and the timing depend only on the seed, learner and course, so
     * a certificate keeps its id and dates from one snapshot to the next.
     */
    private void writeCertificates(Path path, Course course, List<EnrollmentRow> enrollments, long cutoff) {
        Map<Long, ProblemTotals> totals = problemTotals(course);
        long rows;
        try (TsvWriter tsv = TsvWriter.open(path, CERTIFICATES_GENERATEDCERTIFICATE)) {
            for (EnrollmentRow enrollment : enrollments) {
                ProblemTotals problems = totals.get(enrollment.userId());
                long hash = StableHash.of(seed, 7, enrollment.userId(), course.index());
                if (problems == null || StableHash.unit(hash) >= 0.5) {
                    continue;
                }
                long created = enrollment.createdMicros()
                        + Timestamps.HOUR
                        + (long) (StableHash.unit(StableHash.of(hash)) * 2 * Timestamps.DAY);
                if (created >= cutoff) {
                    continue;
                }
                double grade = problems.grade / problems.maxGrade;
                boolean passing = grade >= 0.5;
                String status = enrollment.mode().equals("audit")
                        ? (passing ? "audit_passing" : "audit_notpassing")
                        : (passing ? "downloadable" : "notpassing");
                String verifyUuid = RandomText.hex(StableHash.of(hash, 1));
                String downloadUuid = RandomText.hex(StableHash.of(hash, 2));
                String key = RandomText.hex(StableHash.of(hash, 3));
                tsv.row(
                        enrollment.id(),
                        enrollment.userId(),
                        status.equals("downloadable") ? CERTIFICATES + verifyUuid : "",
                        String.format(Locale.ROOT, "%.2f", grade),
                        course.id(),
                        key,
                        0,
                        status,
                        verifyUuid,
                        downloadUuid,
                        learners.get(enrollment.userId()).profile().name(),
                        Timestamps.sql(created),
                        Timestamps.sql(Math.max(created, problems.lastModified)),
                        "",
                        enrollment.mode());
            }
            rows = tsv.rows();
        }
        tally.add(path, rows, 0);
    }

    private Map<Long, ProblemTotals> problemTotals(Course course) {
        Map<Long, ProblemTotals> totals = new HashMap<>();
        for (StudentModuleRow row : state.modules(course.index())) {
            ModuleChange latest = row.latest();
            if (latest.state().maxGrade().isPresent()) {
                ProblemTotals problems = totals.computeIfAbsent(latest.key().userId(), user -> new ProblemTotals());
                problems.grade += latest.state().grade().orElse(0);
                problems.maxGrade += latest.state().maxGrade().getAsDouble();
                problems.lastModified = Math.max(problems.lastModified, latest.micros());
            }
        }
        return totals;
    }

    private void writeModules(Path path, Course course) {
        long rows;
        try (TsvWriter tsv = TsvWriter.open(path, COURSEWARE_STUDENTMODULE)) {
            for (StudentModuleRow row : state.modules(course.index())) {
                ModuleChange latest = row.latest();
                ModuleState state = latest.state();
                tsv.row(
                        row.id(),
                        latest.moduleType(),
                        course.usageId(latest.moduleType(), latest.block()),
                        latest.key().userId(),
                        state.json(),
                        number(state.grade()),
                        Timestamps.sql(row.createdMicros()),
                        Timestamps.sql(latest.micros()),
                        number(state.maxGrade()),
                        "na",
                        course.id());
            }
            rows = tsv.rows();
        }
        tally.add(path, rows, 0);
    }

    /** A double as MySQL exports it: {@code 1}, {@code 0.5}; NULL when absent. */
    private static Optional<String> number(OptionalDouble number) {
        if (number.isEmpty()) {
            return Optional.empty();
        }
        double value = number.getAsDouble();
        return Optional.of(value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value));
    }

    private static final class ProblemTotals {
        private double grade;
        private double maxGrade;
        private long lastModified;
    }
}
