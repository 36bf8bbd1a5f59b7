package dev.almanac.core.generate;

import dev.almanac.core.generate.Course.Chapter;
import dev.almanac.core.generate.Course.Problem;
import dev.almanac.core.generate.Course.Sequential;
import dev.almanac.core.generate.Course.Video;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Makes the courses: even positions get {@code org/course/run} ids, odd ones {@code course-v1:} ids. */
final class CourseCatalog {
    private static final List<List<String>> CLASSIC = List.of(
            List.of("MITx", "6.002x", "2013_Spring"),
            List.of("HarvardX", "PH525x", "1T2014"),
            List.of("MITx", "8.02x", "2013_Spring"),
            List.of("HarvardX", "ER22x", "2013_Spring"),
            List.of("MITx", "14.73x", "2013_Spring"),
            List.of("HarvardX", "CB22x", "2013_Spring"));
    private static final List<List<String>> VERSIONED = List.of(
            List.of("HarvardX", "CS50", "2024"),
            List.of("MITx", "6.00.1x", "2T2024"),
            List.of("HarvardX", "PH125.1x", "1T2024"),
            List.of("MITx", "18.6501x", "3T2023"),
            List.of("HarvardX", "SW12.5x", "2T2024"));
    private static final List<String> TOPICS = List.of(
            "Introduction",
            "Foundations",
            "Data and Models",
            "Circuits",
            "Probability",
            "Inference",
            "Algorithms",
            "Case Studies",
            "Ethics",
            "Review",
            "Applications",
            "Final Project");
    private static final List<String> LESSONS = List.of("Lecture", "Lecture", "Exercises", "Problem Set", "Lab");

    private CourseCatalog() {}

    static List<Course> create(int count, SplittableRandom random) {
        List<Course> courses = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            boolean versioned = index % 2 == 1;
            List<List<String>> names = versioned ? VERSIONED : CLASSIC;
            int slot = index / 2;
            List<String> name = names.get(slot % names.size());
            int repeat = slot / names.size();
            String run = repeat == 0 ? name.get(2) : name.get(2) + "_" + (repeat + 1);
            courses.add(new Course(index, name.get(0), name.get(1), run, versioned, chapters(random)));
        }
        return List.copyOf(courses);
    }

    private static List<Chapter> chapters(SplittableRandom random) {
        int nextModule = 0;
        int ordinal = 0;
        int chapterCount = 6 + random.nextInt(4);
        List<Chapter> chapters = new ArrayList<>(chapterCount);
        for (int week = 1; week <= chapterCount; week++) {
            int chapterModule = nextModule++;
            String chapterBlock = RandomText.hex(random, 32);
            int sequentialCount = 2 + random.nextInt(3);
            List<Sequential> sequentials = new ArrayList<>(sequentialCount);
            for (int position = 1; position <= sequentialCount; position++) {
                int sequentialModule = nextModule++;
                String name = RandomText.pick(random, LESSONS) + " " + week + "." + position;
                int videoCount = random.nextInt(3);
                int problemCount = random.nextInt(4);
                if (videoCount + problemCount == 0) {
                    problemCount = 1;
                }
                List<Video> videos = new ArrayList<>(videoCount);
                for (int v = 1; v <= videoCount; v++) {
                    String code = random.nextInt(5) == 0 ? "html5" : RandomText.youtubeId(random);
                    videos.add(new Video(
                            nextModule++,
                            RandomText.hex(random, 32),
                            "Video " + week + "." + position + "." + v,
                            code,
                            120 + random.nextInt(1080)));
                }
                List<Problem> problems = new ArrayList<>(problemCount);
                for (int p = 1; p <= problemCount; p++) {
                    int maxAttempts = List.of(0, 0, 1, 2, 3, 3, 5).get(random.nextInt(7));
                    problems.add(new Problem(
                            nextModule++,
                            RandomText.hex(random, 32),
                            "Problem " + week + "." + position + "." + p,
                            1 + random.nextInt(4),
                            maxAttempts));
                }
                sequentials.add(new Sequential(
                        sequentialModule,
                        ordinal++,
                        week - 1,
                        position,
                        chapterBlock,
                        RandomText.hex(random, 32),
                        name,
                        videos,
                        problems));
            }
            String title = "Week " + week + ": " + TOPICS.get((week - 1) % TOPICS.size());
            chapters.add(new Chapter(chapterModule, chapterBlock, title, sequentials));
        }
        return chapters;
    }
}
