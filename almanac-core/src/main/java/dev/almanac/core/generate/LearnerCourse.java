package dev.almanac.core.generate;

/** A learner in a course. */
record LearnerCourse(int course, long userId) {}
