package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the simulation knows while generating: enrollments, problem attempts, forum posts. */
final class GenerationState {
    private static final int FORUM_MEMORY = 200;

    private final Map<LearnerCourse, Enrollment> enrollments = new HashMap<>();
    private final Map<ModuleKey, Integer> attempts = new HashMap<>();
    private final List<List<ForumPost>> threads = new ArrayList<>();
    private final List<List<ForumPost>> responses = new ArrayList<>();

    GenerationState(int courses) {
        for (int course = 0; course < courses; course++) {
            threads.add(new ArrayList<>());
            responses.add(new ArrayList<>());
        }
    }

    Optional<Enrollment> enrollment(LearnerCourse learnerCourse) {
        return Optional.ofNullable(enrollments.get(learnerCourse));
    }

    void enrollment(LearnerCourse learnerCourse, Enrollment enrollment) {
        enrollments.put(learnerCourse, enrollment);
    }

    int attempts(ModuleKey problem) {
        return attempts.getOrDefault(problem, 0);
    }

    void attempts(ModuleKey problem, int count) {
        attempts.put(problem, count);
    }

    List<ForumPost> threads(int course) {
        return threads.get(course);
    }

    List<ForumPost> responses(int course) {
        return responses.get(course);
    }

    void addThread(int course, ForumPost thread) {
        remember(threads.get(course), thread);
    }

    void addResponse(int course, ForumPost response) {
        remember(responses.get(course), response);
    }

    private static void remember(List<ForumPost> posts, ForumPost post) {
        if (posts.size() == FORUM_MEMORY) {
            posts.remove(0);
        }
        posts.add(post);
    }

    /** A learner's enrollment in a course as of its last change. */
    record Enrollment(boolean active, String mode, long lastChangeMicros) {
        Enrollment {
            requireNonNull(mode, "mode is null");
        }
    }

    /**
     * A forum thread or response.
     *
     * @param threadId the thread's id (the post's own id for a thread)
     */
    record ForumPost(String id, String threadId, String commentableId, String categoryName) {
        ForumPost {
            requireNonNull(id, "id is null");
            requireNonNull(threadId, "threadId is null");
            requireNonNull(commentableId, "commentableId is null");
            requireNonNull(categoryName, "categoryName is null");
        }
    }
}
