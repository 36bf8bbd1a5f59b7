package dev.almanac.core.generate;

import dev.almanac.core.generate.Learner.Profile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/** Makes the edX learners: stable usernames and ids, profiles with the usual gaps, a few heavy users. */
final class Population {
    /** Display name and the ASCII form used in usernames. */
    private static final List<List<String>> FIRST_NAMES = List.of(
            List.of("Maria", "maria"),
            List.of("José", "jose"),
            List.of("Wei", "wei"),
            List.of("Aisha", "aisha"),
            List.of("John", "john"),
            List.of("Priya", "priya"),
            List.of("Zoë", "zoe"),
            List.of("Ahmed", "ahmed"),
            List.of("Olga", "olga"),
            List.of("Kenji", "kenji"),
            List.of("Fatima", "fatima"),
            List.of("Lucas", "lucas"),
            List.of("Chloé", "chloe"),
            List.of("Emeka", "emeka"),
            List.of("Sara", "sara"),
            List.of("Dmitri", "dmitri"),
            List.of("Ana", "ana"),
            List.of("Tomás", "tomas"),
            List.of("Mei", "mei"),
            List.of("David", "david"),
            List.of("Nguyen", "nguyen"),
            List.of("Ingrid", "ingrid"),
            List.of("Ravi", "ravi"),
            List.of("Leila", "leila"));

    private static final List<List<String>> LAST_NAMES = List.of(
            List.of("García", "garcia"),
            List.of("Smith", "smith"),
            List.of("Wang", "wang"),
            List.of("Khan", "khan"),
            List.of("Müller", "muller"),
            List.of("Okafor", "okafor"),
            List.of("Patel", "patel"),
            List.of("Silva", "silva"),
            List.of("Ivanova", "ivanova"),
            List.of("Tanaka", "tanaka"),
            List.of("Johnson", "johnson"),
            List.of("Nguyen", "nguyen"),
            List.of("Rossi", "rossi"),
            List.of("Haddad", "haddad"),
            List.of("Kim", "kim"),
            List.of("O'Brien", "obrien"),
            List.of("Dubois", "dubois"),
            List.of("Santos", "santos"),
            List.of("Lee", "lee"));
    private static final List<String> DOMAINS = List.of("example.com", "example.org", "example.net");
    /** Country, city and accept-language, weighted by how often they appear. */
    private static final List<List<String>> PLACES = List.of(
            List.of("US", "Boston", "en-US,en;q=0.9"), List.of("US", "New York", "en-US,en;q=0.9"),
            List.of("US", "San Francisco", "en-US,en;q=0.8"), List.of("IN", "Bangalore", "en-IN,en;q=0.9,hi;q=0.8"),
            List.of("IN", "Mumbai", "en-GB,en;q=0.9"), List.of("GB", "London", "en-GB,en-US;q=0.9,en;q=0.8"),
            List.of("BR", "São Paulo", "pt-BR,pt;q=0.9,en;q=0.8"), List.of("CN", "Beijing", "zh-CN,zh;q=0.9"),
            List.of("NG", "Lagos", "en-US,en;q=0.9"), List.of("DE", "Berlin", "de-DE,de;q=0.9,en;q=0.8"),
            List.of("MX", "Ciudad de México", "es-MX,es;q=0.9,en;q=0.8"), List.of("ES", "Madrid", "es-ES,es;q=0.9"),
            List.of("CA", "Toronto", "en-CA,en;q=0.9,fr;q=0.8"), List.of("EG", "Cairo", "ar-EG,ar;q=0.9,en;q=0.8"),
            List.of("RU", "Moscow", "ru-RU,ru;q=0.9,en;q=0.8"), List.of("JP", "Tokyo", "ja-JP,ja;q=0.9"));

    private static final double[] PLACE_WEIGHTS = {10, 8, 6, 7, 5, 6, 4, 4, 3, 3, 3, 2, 3, 2, 2, 2};
    private static final List<String> AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
            "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/30.0.1599.101 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36");
    private static final List<String> EDUCATION = List.of("p", "m", "b", "a", "hs", "jhs", "el", "none", "other");
    private static final double[] EDUCATION_WEIGHTS = {3, 20, 30, 6, 15, 3, 1, 1, 3, 18};
    private static final List<String> GOALS = List.of(
            "Learn something new",
            "Advance my career, get a promotion",
            "Prepare for graduate school\tand research",
            "I teach this subject and want\nnew ideas for my classroom",
            "Fun!");

    private Population() {}

    /** The learners, in ascending id order. */
    static List<Learner> create(int count, int courses, LocalDate start, SplittableRandom random) {
        WeightedChoice places = new WeightedChoice(PLACE_WEIGHTS);
        WeightedChoice education = new WeightedChoice(EDUCATION_WEIGHTS);
        WeightedChoice courseChoice = new WeightedChoice(coursePopularity(courses));
        long startMicros = Timestamps.startOfDay(start);
        long id = 100_000 + random.nextInt(900_000);
        List<Learner> learners = new ArrayList<>(count);
        for (int index = 0; index < count; index++) {
            id += 1 + random.nextInt(40);
            List<String> first = RandomText.pick(random, FIRST_NAMES);
            List<String> last = RandomText.pick(random, LAST_NAMES);
            String username = username(random, first.get(1), last.get(1), index);
            String email = username.toLowerCase(Locale.ROOT) + "@" + RandomText.pick(random, DOMAINS);
            String password = "pbkdf2_sha256$36000$" + RandomText.alphanumeric(random, 12) + "$"
                    + RandomText.alphanumeric(random, 43) + "=";
            long joined = startMicros - Timestamps.DAY - (long) (random.nextDouble() * 3 * 365 * Timestamps.DAY);
            List<String> place = PLACES.get(places.next(random));
            boolean mobile = random.nextInt(10) == 0;
            String agent = RandomText.pick(random, AGENTS);
            double activity = Math.min(50, Math.pow(random.nextDouble() + 0.01, -0.8));
            Profile profile = profile(random, index + 1, first.get(0) + " " + last.get(0), place, education);
            learners.add(new Learner(
                    id,
                    username,
                    email,
                    password,
                    joined,
                    ip(random),
                    ip(random),
                    agent,
                    mobile,
                    place.get(2),
                    activity,
                    courses(random, courses, courseChoice),
                    profile));
        }
        return List.copyOf(learners);
    }

    private static String username(SplittableRandom random, String first, String last, int index) {
        // Letters then the learner's index: unique, since the index is read back unambiguously.
        switch (random.nextInt(4)) {
            case 0:
                return first + "_" + last + index;
            case 1:
                return first.charAt(0) + last + index;
            case 2:
                return first.substring(0, 1).toUpperCase(Locale.ROOT) + first.substring(1) + "-" + last + index;
            default:
                return last + first.charAt(0) + index;
        }
    }

    private static Profile profile(
            SplittableRandom random, long id, String name, List<String> place, WeightedChoice education) {
        double genderDraw = random.nextDouble();
        Optional<String> gender = genderDraw < 0.46
                ? Optional.of("m")
                : genderDraw < 0.84 ? Optional.of("f") : genderDraw < 0.86 ? Optional.of("o") : Optional.empty();
        OptionalInt yearOfBirth = random.nextInt(8) == 0
                ? OptionalInt.empty()
                : OptionalInt.of(1955 + (int) Math.round(Math.sqrt(random.nextDouble()) * 50));
        int educationIndex = education.next(random);
        Optional<String> levelOfEducation =
                educationIndex < EDUCATION.size() ? Optional.of(EDUCATION.get(educationIndex)) : Optional.empty();
        Optional<String> goals =
                random.nextInt(3) == 0 ? Optional.of(RandomText.pick(random, GOALS)) : Optional.empty();
        Optional<String> mailingAddress = random.nextInt(5) == 0
                ? Optional.of((1 + random.nextInt(999)) + " Main Street\n" + place.get(1))
                : Optional.empty();
        String language = random.nextInt(4) == 0 ? place.get(2).substring(0, 2) : "";
        return new Profile(
                id,
                name,
                language,
                gender,
                yearOfBirth,
                levelOfEducation,
                goals,
                mailingAddress,
                place.get(0),
                place.get(1));
    }

    private static List<Integer> courses(SplittableRandom random, int courses, WeightedChoice courseChoice) {
        double draw = random.nextDouble();
        int wanted = Math.min(courses, draw < 0.55 ? 1 : draw < 0.85 ? 2 : 3);
        List<Integer> chosen = new ArrayList<>(wanted);
        while (chosen.size() < wanted) {
            int course = courseChoice.next(random);
            if (!chosen.contains(course)) {
                chosen.add(course);
            }
        }
        return chosen;
    }

    static double[] coursePopularity(int courses) {
        double[] weights = new double[courses];
        for (int course = 0; course < courses; course++) {
            weights[course] = 1 / Math.pow(course + 1, 0.7);
        }
        return weights;
    }

    private static String ip(SplittableRandom random) {
        int first;
        do {
            first = 1 + random.nextInt(223);
        } while (first == 10 || first == 127 || first == 172 || first == 192 || first == 169);
        return first + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }
}
