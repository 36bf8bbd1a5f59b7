package dev.almanac.core.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The database behind the weekly exports: enrollments, module states and last logins, as of the
 * last {@link #advanceTo} cutoff. Rows keep their ids across snapshots.
 */
final class ExportState {
    private static final long FIRST_ENROLLMENT_ID = 1_000_001;
    private static final long FIRST_MODULE_ID = 50_000_001;

    private final PendingChanges<EnrollmentChange> pendingEnrollments = new PendingChanges<>(EnrollmentChange::micros);
    private final PendingChanges<ModuleChange> pendingModules = new PendingChanges<>(ModuleChange::micros);
    private final PendingChanges<Login> pendingLogins = new PendingChanges<>(Login::micros);
    private final Map<LearnerCourse, EnrollmentRow> enrollments = new HashMap<>();
    private final List<List<EnrollmentRow>> enrollmentsByCourse = new ArrayList<>();
    private final Map<ModuleKey, StudentModuleRow> modules = new HashMap<>();
    private final List<List<StudentModuleRow>> modulesByCourse = new ArrayList<>();
    private final Map<Long, Long> lastLogins = new HashMap<>();
    private long nextEnrollmentId = FIRST_ENROLLMENT_ID;
    private long nextModuleId = FIRST_MODULE_ID;

    ExportState(int courses) {
        for (int course = 0; course < courses; course++) {
            enrollmentsByCourse.add(new ArrayList<>());
            modulesByCourse.add(new ArrayList<>());
        }
    }

    void record(EnrollmentChange change) {
        pendingEnrollments.add(change);
    }

    void record(ModuleChange change) {
        pendingModules.add(change);
    }

    void recordLogin(long userId, long micros) {
        pendingLogins.add(new Login(userId, micros));
    }

    /** Applies every recorded change before {@code cutoff}, in time order. */
    void advanceTo(long cutoff) {
        for (EnrollmentChange change : pendingEnrollments.drainBefore(cutoff)) {
            EnrollmentRow row = enrollments.get(change.learnerCourse());
            if (row == null) {
                if (change.action() != EnrollmentAction.ACTIVATED) {
                    throw new IllegalStateException("Enrollment change before activation: " + change);
                }
                row = new EnrollmentRow(nextEnrollmentId++, change.learnerCourse(), change.micros(), change.mode());
                enrollments.put(change.learnerCourse(), row);
                enrollmentsByCourse.get(change.learnerCourse().course()).add(row);
            } else {
                row.apply(change);
            }
        }
        for (ModuleChange change : pendingModules.drainBefore(cutoff)) {
            StudentModuleRow row = modules.get(change.key());
            if (row == null) {
                row = new StudentModuleRow(nextModuleId++, change);
                modules.put(change.key(), row);
                modulesByCourse.get(change.key().course()).add(row);
            } else {
                row.apply(change);
            }
        }
        for (Login login : pendingLogins.drainBefore(cutoff)) {
            lastLogins.merge(login.userId(), login.micros(), Math::max);
        }
    }

    /** The course's enrollments in id order. */
    List<EnrollmentRow> enrollments(int course) {
        return Collections.unmodifiableList(enrollmentsByCourse.get(course));
    }

    /** The course's module rows in id order. */
    List<StudentModuleRow> modules(int course) {
        return Collections.unmodifiableList(modulesByCourse.get(course));
    }

    OptionalLong lastLogin(long userId) {
        Long micros = lastLogins.get(userId);
        return micros == null ? OptionalLong.empty() : OptionalLong.of(micros);
    }

    private record Login(long userId, long micros) {}
}
