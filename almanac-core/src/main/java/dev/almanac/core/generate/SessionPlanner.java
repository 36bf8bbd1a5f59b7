package dev.almanac.core.generate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Splits a day's events into sessions and says who, where and when. A few sessions start shortly
 * before midnight yet land in this day's file, as in logs rotated by local time; sessions that
 * run past midnight stay in the file too.
 */
final class SessionPlanner {
    static final long EARLY_WINDOW = 20 * Timestamps.MINUTE;
    private static final double MEAN_EVENTS = 18;
    private static final int MAX_EVENTS = 150;

    private final List<Learner> learners;
    private final WeightedChoice activity;
    private final WeightedChoice courses;
    private final DailyRhythm rhythm = new DailyRhythm();
    private final SplittableRandom random;

    SessionPlanner(List<Learner> learners, int courseCount, SplittableRandom random) {
        this.learners = List.copyOf(learners);
        double[] weights = new double[learners.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = learners.get(i).activity();
        }
        this.activity = new WeightedChoice(weights);
        this.courses = new WeightedChoice(Population.coursePopularity(courseCount));
        this.random = random;
    }

    /** The day's sessions in start order, emitting exactly {@code events} events together. */
    List<PlannedSession> plan(LocalDate day, int events) {
        long dayStart = Timestamps.startOfDay(day);
        List<PlannedSession> sessions = new ArrayList<>();
        int remaining = events;
        while (remaining > 0) {
            int size = Math.min(remaining, size());
            remaining -= size;
            long start = start(dayStart);
            if (random.nextInt(100) == 0) {
                sessions.add(new PlannedSession(start, size, Optional.empty(), courses.next(random), false));
                continue;
            }
            Learner learner = learners.get(activity.next(random));
            List<Integer> own = learner.courses();
            int course = random.nextInt(4) == 0 ? RandomText.pick(random, own) : own.get(0);
            boolean mobile = learner.mobile() && random.nextInt(5) < 3;
            sessions.add(new PlannedSession(start, size, Optional.of(learner), course, mobile));
        }
        sessions.sort(Comparator.comparingLong(PlannedSession::startMicros));
        return sessions;
    }

    private int size() {
        double draw = 1 - random.nextDouble();
        int size = 1 + (int) Math.floor(Math.log(draw) / Math.log(1 - 1 / MEAN_EVENTS));
        return Math.min(size, MAX_EVENTS);
    }

    private long start(long dayStart) {
        if (random.nextInt(200) == 0) {
            return dayStart - 1 - random.nextLong(EARLY_WINDOW);
        }
        return dayStart + rhythm.hour(random) * Timestamps.HOUR + random.nextLong(Timestamps.HOUR);
    }
}
