package dev.almanac.core.generate;

/** A learner's use of one module (chapter, sequential, video or problem) of a course. */
record ModuleKey(int course, long userId, int module) {}
