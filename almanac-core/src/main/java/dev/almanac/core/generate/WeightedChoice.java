package dev.almanac.core.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Draws an index with probability proportional to its weight. */
final class WeightedChoice {
    private final double[] cumulative;

    WeightedChoice(double... weights) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("weights is empty");
        }
        cumulative = new double[weights.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] >= 0)) {
                throw new IllegalArgumentException("weight " + i + " is negative: " + weights[i]);
            }
            total += weights[i];
            cumulative[i] = total;
        }
        if (!(total > 0)) {
            throw new IllegalArgumentException("weights add up to zero");
        }
    }

    int next(SplittableRandom random) {
        double target = random.nextDouble() * cumulative[cumulative.length - 1];
        int index = Arrays.binarySearch(cumulative, target);
        int slot = index >= 0 ? index + 1 : -index - 1;
        return Math.min(slot, cumulative.length - 1);
    }
}
