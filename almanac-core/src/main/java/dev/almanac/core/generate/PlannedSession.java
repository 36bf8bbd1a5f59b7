package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A burst of activity to simulate.
 *
 * @param events how many events the session emits, enrollment included
 * @param learner who; absent for a visitor who is not logged in
 * @param mobile whether the session uses the mobile app
 */
record PlannedSession(long startMicros, int events, Optional<Learner> learner, int course, boolean mobile) {
    PlannedSession {
        requireNonNull(learner, "learner is null");
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1: " + events);
        }
    }
}
