package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** A Khan Academy ProblemLog entity: one problem a learner works on, updated at each attempt. */
final class ProblemLogEntity {
    private final String key;
    private final String user;
    private final String exercise;
    private final int problemNumber;
    private final int createdHour;
    private int countAttempts;
    private int timeTaken;
    private boolean correct;
    private boolean hintUsed;
    private boolean earnedProficiency;
    private long timeDone;
    private int lastHour;

    ProblemLogEntity(String key, String user, String exercise, int problemNumber, int createdHour) {
        this.key = requireNonNull(key, "key is null");
        this.user = requireNonNull(user, "user is null");
        this.exercise = requireNonNull(exercise, "exercise is null");
        this.problemNumber = problemNumber;
        this.createdHour = createdHour;
        this.lastHour = createdHour;
    }

    String user() {
        return user;
    }

    String exercise() {
        return exercise;
    }

    int problemNumber() {
        return problemNumber;
    }

    int createdHour() {
        return createdHour;
    }

    int lastHour() {
        return lastHour;
    }

    boolean correct() {
        return correct;
    }

    long timeDone() {
        return timeDone;
    }

    String key() {
        return key;
    }

    void attempt(int hour, long done, int seconds, boolean isCorrect, boolean usedHint, boolean proficient) {
        lastHour = hour;
        countAttempts++;
        timeDone = done;
        timeTaken += seconds;
        correct = isCorrect;
        hintUsed |= usedHint;
        earnedProficiency |= proficient;
    }

    /** {@code key<TAB>json}, the entity's full current state. */
    LogLine line(JsonWriter writer) {
        ObjectNode json = Json.object();
        json.put("user", user);
        json.put("exercise", exercise);
        json.put("problem_number", problemNumber);
        json.put("count_attempts", countAttempts);
        json.put("correct", correct);
        json.put("hint_used", hintUsed);
        json.put("time_taken", timeTaken);
        json.put("earned_proficiency", earnedProficiency);
        json.put("time_done", Timestamps.entity(timeDone));
        return new LogLine(timeDone, (key + "\t" + writer.text(json)).getBytes(StandardCharsets.UTF_8));
    }
}
