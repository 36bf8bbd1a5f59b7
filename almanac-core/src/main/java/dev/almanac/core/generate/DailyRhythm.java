package dev.almanac.core.generate;

import java.util.SplittableRandom;

/** How activity spreads over the hours of a UTC day: learners everywhere, busiest in the afternoon. */
final class DailyRhythm {
    private static final double[] HOUR_WEIGHTS = {
        4, 3.5, 3, 2.5, 2.5, 2.5, 3, 3.5, 4.5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 8.5, 8, 7.5, 7, 6.5, 6, 5.5, 4.5
    };

    private final WeightedChoice hours = new WeightedChoice(HOUR_WEIGHTS);

    int hour(SplittableRandom random) {
        return hours.next(random);
    }

    /** Splits {@code total} over the 24 hours in proportion to the weights (largest remainder). */
    static int[] split(int total) {
        double sum = 0;
        for (double weight : HOUR_WEIGHTS) {
            sum += weight;
        }
        int[] counts = new int[HOUR_WEIGHTS.length];
        double[] remainders = new double[HOUR_WEIGHTS.length];
        int assigned = 0;
        for (int hour = 0; hour < counts.length; hour++) {
            double exact = total * HOUR_WEIGHTS[hour] / sum;
            counts[hour] = (int) Math.floor(exact);
            remainders[hour] = exact - counts[hour];
            assigned += counts[hour];
        }
        while (assigned < total) {
            int best = 0;
            for (int hour = 1; hour < counts.length; hour++) {
                if (remainders[hour] > remainders[best]) {
                    best = hour;
                }
            }
            counts[best]++;
            remainders[best] = -1;
            assigned++;
        }
        return counts;
    }
}
