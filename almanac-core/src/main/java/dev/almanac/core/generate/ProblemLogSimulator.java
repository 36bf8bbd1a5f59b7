package dev.almanac.core.generate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Simulates Khan Academy's hourly ProblemLog exports. About a fifth of each hour's lines are
 * entities from earlier hours (up to a day back) that were attempted again; each appears once per
 * hour with its full latest state.
 */
final class ProblemLogSimulator {
    private static final double UPDATE_SHARE = 0.2;
    private static final int POOL_HOURS = 24;
    private static final List<String> EXERCISES = List.of(
            "addition_1",
            "subtraction_1",
            "multiplication_1",
            "division_1",
            "adding_fractions",
            "dividing_fractions",
            "decimals_on_the_number_line",
            "ordering_numbers",
            "exponents_1",
            "order_of_operations",
            "linear_equations_1",
            "solving_for_x",
            "systems_of_equations",
            "graphing_lines",
            "slope_of_a_line",
            "pythagorean_theorem",
            "area_of_triangles",
            "circumference",
            "probability_1",
            "mean_median_and_mode",
            "quadratic_equations",
            "factoring_polynomials_1",
            "logarithms_1",
            "derivative_intuition");

    private final List<String> users;
    private final WeightedChoice activity;
    private final List<String> exercises;
    private final SplittableRandom random;
    private final JsonWriter writer = new JsonWriter();
    private final long keyOffset;
    private final Map<String, String> currentExercise = new HashMap<>();
    private final Map<String, Integer> problemNumbers = new HashMap<>();
    private final Set<String> proficient = new HashSet<>();
    private List<ProblemLogEntity> pool = new ArrayList<>();
    private long entities;

    ProblemLogSimulator(int userCount, int topics, SplittableRandom random) {
        this.random = random;
        this.keyOffset = random.nextLong();
        List<String> userIds = new ArrayList<>(userCount);
        double[] weights = new double[userCount];
        for (int user = 0; user < userCount; user++) {
            int kind = random.nextInt(10);
            if (kind < 7) {
                userIds.add("http://googleid.khanacademy.org/" + digits(21));
            } else if (kind < 9) {
                userIds.add("http://facebookid.khanacademy.org/" + digits(15));
            } else {
                userIds.add("student" + user + "@example.org");
            }
            weights[user] = Math.min(50, Math.pow(random.nextDouble() + 0.01, -0.8));
        }
        this.users = List.copyOf(userIds);
        this.activity = new WeightedChoice(weights);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12 * topics; i++) {
            String base = EXERCISES.get(i % EXERCISES.size());
            names.add(i < EXERCISES.size() ? base : base + "_" + (i / EXERCISES.size() + 1));
        }
        this.exercises = List.copyOf(names);
    }

    /** The lines of one hourly file, ordered by {@code time_done}. */
    List<LogLine> hour(int hour, long hourStart, int count) {
        pool.removeIf(entity -> entity.createdHour() < hour - POOL_HOURS);
        List<ProblemLogEntity> changed = new ArrayList<>(count);
        Set<ProblemLogEntity> chosen = new HashSet<>();
        int updates = Math.min((int) Math.round(count * UPDATE_SHARE), pool.size() / 2);
        for (int attempt = 0; chosen.size() < updates && attempt < 4 * updates; attempt++) {
            ProblemLogEntity entity = pool.get(random.nextInt(pool.size()));
            if (entity.lastHour() < hour && chosen.add(entity)) {
                boolean correct = entity.correct() || random.nextInt(100) < 60;
                boolean proficient = correct && proficiency(entity.user(), entity.exercise(), entity.problemNumber());
                entity.attempt(
                        hour,
                        hourStart + random.nextLong(Timestamps.HOUR),
                        5 + random.nextInt(200),
                        correct,
                        random.nextInt(5) == 0,
                        proficient);
                changed.add(entity);
            }
        }
        List<ProblemLogEntity> created = new ArrayList<>(count - changed.size());
        while (changed.size() + created.size() < count) {
            String user = users.get(activity.next(random));
            String exercise = currentExercise.get(user);
            if (exercise == null || random.nextInt(100) < 15) {
                exercise = RandomText.pick(random, exercises);
                currentExercise.put(user, exercise);
            }
            int problemNumber = problemNumbers.merge(user + "\t" + exercise, 1, Integer::sum);
            ProblemLogEntity entity = new ProblemLogEntity(
                    EntityKeys.key("ProblemLog", entities++, keyOffset), user, exercise, problemNumber, hour);
            boolean correct = random.nextInt(100) < 70;
            int seconds = 5 + (int) Math.min(900, -Math.log(1 - random.nextDouble()) * 45);
            entity.attempt(
                    hour,
                    hourStart + random.nextLong(Timestamps.HOUR),
                    seconds,
                    correct,
                    random.nextInt(100) < 15,
                    correct && proficiency(user, exercise, problemNumber));
            created.add(entity);
        }
        pool.addAll(created);
        changed.addAll(created);
        changed.sort(Comparator.comparingLong(ProblemLogEntity::timeDone).thenComparing(ProblemLogEntity::key));
        List<LogLine> lines = new ArrayList<>(changed.size());
        for (ProblemLogEntity entity : changed) {
            lines.add(entity.line(writer));
        }
        return lines;
    }

    /** Proficiency comes once per learner and exercise, after a few problems. */
    private boolean proficiency(String user, String exercise, int problemNumber) {
        return problemNumber >= 5 && random.nextInt(4) == 0 && proficient.add(user + "\t" + exercise);
    }

    private String digits(int length) {
        StringBuilder digits = new StringBuilder(length);
        digits.append(1 + random.nextInt(9));
        for (int i = 1; i < length; i++) {
            digits.append(random.nextInt(10));
        }
        return digits.toString();
    }
}
