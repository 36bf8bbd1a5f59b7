package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * An edX course and its outline.
 *
 * @param index the course's position in the catalog
 * @param versioned whether the id has the {@code course-v1:org+course+run} form rather than {@code org/course/run}
 */
record Course(int index, String org, String number, String run, boolean versioned, List<Chapter> chapters) {
    Course {
        requireNonNull(org, "org is null");
        requireNonNull(number, "number is null");
        requireNonNull(run, "run is null");
        chapters = List.copyOf(chapters);
    }

    String id() {
        return versioned ? "course-v1:" + org + "+" + number + "+" + run : org + "/" + number + "/" + run;
    }

    /** {@code org-course-run}, the prefix of the database export files. */
    String slug() {
        return org + "-" + number + "-" + run;
    }

    /** The usage id of a block: {@code i4x://org/course/type/block} or {@code block-v1:…+type@…+block@…}. */
    String usageId(String type, String block) {
        return versioned
                ? "block-v1:" + org + "+" + number + "+" + run + "+type@" + type + "+block@" + block
                : "i4x://" + org + "/" + number + "/" + type + "/" + block;
    }

    /** The id of one input of a problem, as in {@code correct_map} and {@code answers}. */
    String answerId(Problem problem, int part) {
        String prefix = versioned
                ? problem.block()
                : "i4x-" + org + "-" + number.replace('.', '_') + "-problem-" + problem.block();
        return prefix + "_" + (part + 2) + "_1";
    }

    String coursePath() {
        return "/courses/" + id() + "/";
    }

    String coursewarePath(Sequential sequential) {
        return coursePath() + "courseware/" + sequential.chapterBlock() + "/" + sequential.block() + "/";
    }

    List<Sequential> sequentials() {
        List<Sequential> all = new ArrayList<>();
        for (Chapter chapter : chapters) {
            all.addAll(chapter.sequentials());
        }
        return all;
    }

    /**
     * A chapter ("week") of sequentials.
     *
     * @param module the chapter's number among the course's modules
     */
    record Chapter(int module, String block, String name, List<Sequential> sequentials) {
        Chapter {
            requireNonNull(block, "block is null");
            requireNonNull(name, "name is null");
            sequentials = List.copyOf(sequentials);
        }
    }

    /**
     * A sequential (lesson): a row of units, each a video or a problem.
     *
     * @param ordinal the sequential's place in the whole course, from 0
     * @param chapter the chapter's place in the course, from 0
     * @param position the sequential's 1-based place in its chapter
     */
    record Sequential(
            int module,
            int ordinal,
            int chapter,
            int position,
            String chapterBlock,
            String block,
            String name,
            List<Video> videos,
            List<Problem> problems) {
        Sequential {
            requireNonNull(chapterBlock, "chapterBlock is null");
            requireNonNull(block, "block is null");
            requireNonNull(name, "name is null");
            videos = List.copyOf(videos);
            problems = List.copyOf(problems);
        }

        int units() {
            return Math.max(1, videos.size() + problems.size());
        }
    }

    /**
     * @param code the YouTube id, or {@code html5}
     */
    record Video(int module, String block, String name, String code, int durationSeconds) {
        Video {
            requireNonNull(block, "block is null");
            requireNonNull(name, "name is null");
            requireNonNull(code, "code is null");
        }
    }

    /**
     * @param parts the number of inputs, each worth one point
     * @param maxAttempts the allowed attempts, 0 for unlimited
     */
    record Problem(int module, String block, String name, int parts, int maxAttempts) {
        Problem {
            requireNonNull(block, "block is null");
            requireNonNull(name, "name is null");
        }
    }
}
