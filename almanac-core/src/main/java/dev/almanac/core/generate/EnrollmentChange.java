package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

/** An enrollment event, as the database sees it. */
record EnrollmentChange(long micros, LearnerCourse learnerCourse, EnrollmentAction action, String mode) {
    EnrollmentChange {
        requireNonNull(learnerCourse, "learnerCourse is null");
        requireNonNull(action, "action is null");
        requireNonNull(mode, "mode is null");
    }
}
