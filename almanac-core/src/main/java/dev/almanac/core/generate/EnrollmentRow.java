package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

/** A row of {@code student_courseenrollment}; changes as enrollment events are applied. */
final class EnrollmentRow {
    private final long id;
    private final LearnerCourse learnerCourse;
    private final long createdMicros;
    private boolean active;
    private String mode;

    EnrollmentRow(long id, LearnerCourse learnerCourse, long createdMicros, String mode) {
        this.id = id;
        this.learnerCourse = requireNonNull(learnerCourse, "learnerCourse is null");
        this.createdMicros = createdMicros;
        this.active = true;
        this.mode = requireNonNull(mode, "mode is null");
    }

    long id() {
        return id;
    }

    long userId() {
        return learnerCourse.userId();
    }

    int course() {
        return learnerCourse.course();
    }

    long createdMicros() {
        return createdMicros;
    }

    boolean active() {
        return active;
    }

    String mode() {
        return mode;
    }

    void apply(EnrollmentChange change) {
        switch (change.action()) {
            case ACTIVATED -> {
                active = true;
                mode = change.mode();
            }
            case DEACTIVATED -> active = false;
            case MODE_CHANGED -> mode = change.mode();
        }
    }
}
