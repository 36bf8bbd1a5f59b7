package dev.almanac.core.generate;

/** The enrollment events of the tracking log. */
enum EnrollmentAction {
    ACTIVATED("edx.course.enrollment.activated"),
    DEACTIVATED("edx.course.enrollment.deactivated"),
    MODE_CHANGED("edx.course.enrollment.mode_changed");

    private final String eventType;

    EnrollmentAction(String eventType) {
        this.eventType = eventType;
    }

    String eventType() {
        return eventType;
    }
}
