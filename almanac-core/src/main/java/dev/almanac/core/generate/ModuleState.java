package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.almanac.core.generate.Course.Problem;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The {@code state} of a {@code courseware_studentmodule} row. Kept as numbers and rendered to
 * JSON only when a snapshot is written, since most states are replaced before then.
 */
interface ModuleState {
    String json();

    default OptionalDouble grade() {
        return OptionalDouble.empty();
    }

    default OptionalDouble maxGrade() {
        return OptionalDouble.empty();
    }

    /** A chapter's or sequential's current child: {@code {"position": 2}}. */
    record Position(int position) implements ModuleState {
        @Override
        public String json() {
            return "{\"position\":" + position + "}";
        }
    }

    /** Where a video was left: {@code {"saved_video_position": "00:02:13", "speed": 1.5}}. */
    record VideoPosition(long seconds, String speed) implements ModuleState {
        public VideoPosition {
            requireNonNull(speed, "speed is null");
        }

        @Override
        public String json() {
            ObjectNode state = Json.object();
            state.put(
                    "saved_video_position",
                    String.format(Locale.ROOT, "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60));
            state.put("speed", Double.parseDouble(speed));
            return Json.text(state);
        }
    }

    /**
     * A problem after an attempt.
     *
     * @param choices the choice picked for each part, two bits per part
     * @param correctParts one bit per part, set when that part was right
     */
    record ProblemAttempt(
            Course course, Problem problem, int attempts, int choices, int correctParts, long submittedMicros)
            implements ModuleState {
        public ProblemAttempt {
            requireNonNull(course, "course is null");
            requireNonNull(problem, "problem is null");
        }

        int points() {
            return Integer.bitCount(correctParts);
        }

        boolean correct(int part) {
            return (correctParts & (1 << part)) != 0;
        }

        String choice(int part) {
            return "choice_" + ((choices >>> (2 * part)) & 3);
        }

        ObjectNode answers() {
            ObjectNode answers = Json.object();
            for (int part = 0; part < problem.parts(); part++) {
                answers.put(course.answerId(problem, part), choice(part));
            }
            return answers;
        }

        ObjectNode inputState() {
            ObjectNode inputState = Json.object();
            for (int part = 0; part < problem.parts(); part++) {
                inputState.set(course.answerId(problem, part), Json.object());
            }
            return inputState;
        }

        @Override
        public String json() {
            ObjectNode correctMap = Json.object();
            for (int part = 0; part < problem.parts(); part++) {
                ObjectNode outcome = Json.object();
                outcome.put("correctness", correct(part) ? "correct" : "incorrect");
                correctMap.set(course.answerId(problem, part), outcome);
            }
            ObjectNode state = Json.object();
            state.put("attempts", attempts);
            state.set("correct_map", correctMap);
            state.put("done", true);
            state.set("input_state", inputState());
            state.put("last_submission_time", Timestamps.tracking(submittedMicros));
            state.put("seed", 1);
            state.set("student_answers", answers());
            return Json.text(state);
        }

        @Override
        public OptionalDouble grade() {
            return OptionalDouble.of(points());
        }

        @Override
        public OptionalDouble maxGrade() {
            return OptionalDouble.of(problem.parts());
        }
    }
}
